import type { PatientRow } from '../../engine/db';
import { Badge } from '../../ui/Badge';

/**
 * The patient's allergies as red badges with a warning sign, each with its severity, so
 * nobody prescribing or giving a drug can miss them. With none recorded it says so in
 * grey: "none recorded" is not "no allergies".
 */
export function AllergyBadges({ allergies }: { allergies: PatientRow['allergies'] }) {
  if (allergies.length === 0) return <Badge tone="slate">No allergies recorded</Badge>;
  return (
    <>
      {allergies.map((allergy) => (
        <Badge key={allergy.allergy_id} tone="red" icon="⚠" strong>
          Allergy: {allergy.substance} ({allergy.severity})
        </Badge>
      ))}
    </>
  );
}
