import type { PatientRow } from '../../engine/db';

const normalize = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9 ]/g, ' ')
    .trim();

/** Edit distance, giving up once it passes `limit` (typo tolerance for names). */
export function withinDistance(left: string, right: string, limit: number): boolean {
  if (Math.abs(left.length - right.length) > limit) return false;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= right.length; j += 1) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return false;
    previous = current;
  }
  return previous[right.length]! <= limit;
}

const allowedTypos = (word: string) => (word.length >= 8 ? 2 : word.length >= 3 ? 1 : 0);

function nameScore(queryWords: string[], nameWords: string[]): number {
  let score = 0;
  for (const word of queryWords) {
    let best = 0;
    for (const candidate of nameWords) {
      if (candidate.startsWith(word)) best = Math.max(best, 3);
      else if (withinDistance(word, candidate.slice(0, word.length + 1), allowedTypos(word)))
        best = Math.max(best, 2);
      else if (withinDistance(word, candidate, allowedTypos(word))) best = Math.max(best, 2);
    }
    if (best === 0) return 0;
    score += best;
  }
  return score;
}

const digits = (text: string | null) => (text ?? '').replace(/\D/g, '');

/**
 * Finds patients by name (typos tolerated), phone digits or MRN, best first. Runs on
 * the device over the local projection, so it answers while typing, offline.
 */
export function searchPatients(patients: PatientRow[], query: string, limit = 50): PatientRow[] {
  const text = normalize(query);
  if (!text) return patients.slice(0, limit);
  const words = text.split(/\s+/);
  const queryDigits = digits(query);
  const mrnQuery = query.trim().toLowerCase();
  const scored: { patient: PatientRow; score: number }[] = [];
  for (const patient of patients) {
    let score = 0;
    if (patient.mrn.toLowerCase().includes(mrnQuery)) score = 10;
    else if (queryDigits.length >= 4 && digits(patient.phone).includes(queryDigits)) score = 8;
    else score = nameScore(words, normalize(patient.full_name).split(/\s+/));
    if (score > 0) scored.push({ patient, score });
  }
  return scored
    .sort(
      (left, right) =>
        right.score - left.score || left.patient.full_name.localeCompare(right.patient.full_name),
    )
    .slice(0, limit)
    .map((entry) => entry.patient);
}

/** Existing patients a new registration probably duplicates: similar name and same birth date, or same phone. */
export function likelyDuplicates(
  patients: PatientRow[],
  candidate: { full_name: string; date_of_birth: string | null; phone: string | null },
): PatientRow[] {
  const name = normalize(candidate.full_name).split(/\s+/).filter(Boolean);
  const phone = digits(candidate.phone);
  return patients.filter((patient) => {
    if (phone.length >= 6 && digits(patient.phone) === phone) return true;
    if (
      !candidate.date_of_birth ||
      patient.date_of_birth !== candidate.date_of_birth ||
      name.length === 0
    )
      return false;
    return nameScore(name, normalize(patient.full_name).split(/\s+/)) > 0;
  });
}
