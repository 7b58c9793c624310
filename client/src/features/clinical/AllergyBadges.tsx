import { useTranslation } from 'react-i18next';
import type { PatientRow } from '../../engine/db';
import { Badge } from '../../ui/Badge';

/**
 * The patient's allergies as red badges with a warning sign, each with its severity, so
 * nobody prescribing or giving a drug can miss them. With none recorded it says so in
 * grey: "none recorded" is not "no allergies". Here, beside the other clinical panels,
 * as both the patient's page and the visit use it; its words are the patient's
 * (`patients:allergies.*`).
 */
export function AllergyBadges({ allergies }: { allergies: PatientRow['allergies'] }) {
  const { t } = useTranslation('patients');
  if (allergies.length === 0) return <Badge tone="slate">{t('allergies.none')}</Badge>;
  return (
    <>
      {allergies.map((allergy) => (
        <Badge key={allergy.allergy_id} tone="red" icon="⚠" strong>
          {t('allergies.badge', {
            substance: allergy.substance,
            severity: t(`allergies.severity.${allergy.severity}`),
          })}
        </Badge>
      ))}
    </>
  );
}
