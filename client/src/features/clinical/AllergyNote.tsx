import type { PatientRow } from '../../engine/db';

/** The patient's recorded allergies, in red above everything else; nothing when none. */
export function AllergyNote({ allergies }: { allergies: PatientRow['allergies'] }) {
  if (allergies.length === 0) return null;
  return (
    <p role="note" className="mt-2 rounded-lg bg-red-50 p-2 font-medium text-red-900">
      Allergies:{' '}
      {allergies.map((allergy) => `${allergy.substance} (${allergy.severity})`).join(', ')}
    </p>
  );
}
