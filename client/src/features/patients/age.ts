import { differenceInMonths, differenceInYears } from 'date-fns';

/**
 * A patient's age in the words a clinician reads: months under two years (doses go by
 * them), whole years after, "about" when only an estimated birth year is known.
 */
export function ageText(
  patient: { date_of_birth?: string | null; birth_year_estimate?: number | null },
  today: Date,
): string | null {
  if (patient.date_of_birth) {
    const born = new Date(`${patient.date_of_birth}T00:00:00`);
    const years = differenceInYears(today, born);
    if (years < 2) {
      const months = differenceInMonths(today, born);
      return months === 1 ? '1 month' : `${months} months`;
    }
    return `${years} years`;
  }
  if (patient.birth_year_estimate)
    return `about ${today.getFullYear() - patient.birth_year_estimate} years`;
  return null;
}
