import { differenceInMonths, differenceInYears } from 'date-fns';

/** An age as a clinician reads it, before it is put into words (`patients:age.*`). */
export interface Age {
  unit: 'months' | 'years' | 'aboutYears';
  count: number;
}

/**
 * A patient's age: months under two years (doses go by them), whole years after,
 * "about" when only an estimated birth year is known; null when neither is.
 */
export function ageOf(
  patient: { date_of_birth?: string | null; birth_year_estimate?: number | null },
  today: Date,
): Age | null {
  if (patient.date_of_birth) {
    const born = new Date(`${patient.date_of_birth}T00:00:00`);
    const years = differenceInYears(today, born);
    return years < 2
      ? { unit: 'months', count: differenceInMonths(today, born) }
      : { unit: 'years', count: years };
  }
  if (patient.birth_year_estimate)
    return { unit: 'aboutYears', count: today.getFullYear() - patient.birth_year_estimate };
  return null;
}
