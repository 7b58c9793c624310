import { differenceInYears } from 'date-fns';
import type { PatientRow } from '../../engine/db';

/** The patient's age as a printed record gives it: "36 years", or "about 78 years" from an estimate. */
export function ageWords(patient: PatientRow | undefined, now = new Date()): string {
  if (patient?.date_of_birth)
    return `${differenceInYears(now, new Date(patient.date_of_birth))} years`;
  if (patient?.birth_year_estimate)
    return `about ${now.getFullYear() - patient.birth_year_estimate} years`;
  return '';
}
