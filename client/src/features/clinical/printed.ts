import { differenceInYears } from 'date-fns';
import type { TFunction } from 'i18next';
import type { PatientRow } from '../../engine/db';

/** The patient's age as a printed record gives it: "36 years", or "about 78 years" from an estimate. */
export function ageWords(
  patient: PatientRow | undefined,
  t: TFunction<'clinical'>,
  now = new Date(),
): string {
  if (patient?.date_of_birth)
    return t('age.years', { count: differenceInYears(now, new Date(patient.date_of_birth)) });
  if (patient?.birth_year_estimate)
    return t('age.about', { count: now.getFullYear() - patient.birth_year_estimate });
  return '';
}
