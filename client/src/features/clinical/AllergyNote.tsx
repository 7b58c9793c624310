import { useTranslation } from 'react-i18next';
import type { PatientRow } from '../../engine/db';

/** The patient's recorded allergies, in red above everything else; nothing when none. */
export function AllergyNote({ allergies }: { allergies: PatientRow['allergies'] }) {
  const { t } = useTranslation('clinical');
  if (allergies.length === 0) return null;
  const list = allergies
    .map((allergy) =>
      t('allergies.item', {
        substance: allergy.substance,
        severity: t(`allergies.severity.${allergy.severity}`),
      }),
    )
    .join(', ');
  return (
    <p role="note" className="mt-2 rounded-lg bg-red-50 p-2 font-medium text-red-900">
      {t('allergies.note', { list })}
    </p>
  );
}
