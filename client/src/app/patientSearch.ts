import { phoneInE164, phoneSearchDigits, type CountryCode } from '@mymedic/shared';
import type { PatientRow } from '../engine/db';

const normalize = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9 ]/g, ' ')
    .trim();

// One row of the edit-distance table and the one before it, grown as longer names come.
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);

/** Edit distance, giving up once it passes `limit` (typo tolerance for names). */
export function withinDistance(left: string, right: string, limit: number): boolean {
  if (Math.abs(left.length - right.length) > limit) return false;
  if (previousRow.length <= right.length) {
    previousRow = new Int32Array(right.length * 2 + 1);
    currentRow = new Int32Array(right.length * 2 + 1);
  }
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= right.length; j += 1) previous[j] = j;
  for (let i = 1; i <= left.length; i += 1) {
    current[0] = i;
    let best = i;
    const char = left.charCodeAt(i - 1);
    for (let j = 1; j <= right.length; j += 1) {
      const cost = char === right.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < best) best = value;
    }
    if (best > limit) return false;
    [previous, current] = [current, previous];
  }
  return previous[right.length]! <= limit;
}

const allowedTypos = (word: string) => (word.length >= 8 ? 2 : word.length >= 3 ? 1 : 0);

/** How well one typed word matches one word of a name: 3 its start, 2 with typos, 0 not. */
function wordScore(word: string, candidate: string): number {
  if (candidate.startsWith(word)) return 3;
  const typos = allowedTypos(word);
  if (withinDistance(word, candidate.slice(0, word.length + 1), typos)) return 2;
  return withinDistance(word, candidate, typos) ? 2 : 0;
}

/**
 * Every typed word must match some word of the name. `seen` keeps each typed word's
 * score against the name words met so far: clinics share a few thousand name words
 * over tens of thousands of patients, so most come from there.
 */
function nameScore(
  queryWords: string[],
  nameWords: string[],
  seen: Map<string, number>[] = queryWords.map(() => new Map<string, number>()),
): number {
  let score = 0;
  for (let index = 0; index < queryWords.length; index += 1) {
    const word = queryWords[index]!;
    const scores = seen[index]!;
    let best = 0;
    for (const candidate of nameWords) {
      let value = scores.get(candidate);
      if (value === undefined) scores.set(candidate, (value = wordScore(word, candidate)));
      if (value > best) best = value;
    }
    if (best === 0) return 0;
    score += best;
  }
  return score;
}

/** A patient's name words and lower-case MRN, worked out once per row, not per keystroke. */
const searchable = new WeakMap<PatientRow, { name: string; words: string[]; mrn: string }>();
function searchableOf(patient: PatientRow) {
  let entry = searchable.get(patient);
  if (!entry || entry.name !== patient.full_name) {
    entry = {
      name: patient.full_name,
      words: normalize(patient.full_name).split(/\s+/),
      mrn: patient.mrn.toLowerCase(),
    };
    searchable.set(patient, entry);
  }
  return entry;
}

const digits = (text: string | null) => (text ?? '').replace(/\D/g, '');

/**
 * Finds patients by name (typos tolerated), phone number or MRN, best first. A number is
 * read in the clinic's country, so 0712 345 678, +254712345678, 254-712-345678 and
 * 712345678 all find +254712345678 (and a number recorded loosely before numbers were
 * checked). Runs on the device over the local projection, so it answers while typing,
 * offline.
 */
export function searchPatients(
  patients: PatientRow[],
  query: string,
  limit = 50,
  country: CountryCode | null = null,
): PatientRow[] {
  const text = normalize(query);
  if (!text) return patients.slice(0, limit);
  const words = text.split(/\s+/);
  const phoneDigits = phoneSearchDigits(query, country);
  const mrnQuery = query.trim().toLowerCase();
  const seen = words.map(() => new Map<string, number>());
  const scored: { patient: PatientRow; score: number }[] = [];
  for (const patient of patients) {
    const { words: nameWords, mrn } = searchableOf(patient);
    let score = 0;
    if (mrn.includes(mrnQuery)) score = 10;
    else if (phoneDigits && digits(patient.phone).includes(phoneDigits)) score = 8;
    else score = nameScore(words, nameWords, seen);
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

/**
 * Existing patients a new registration probably duplicates: similar name and same birth
 * date, or the same phone number however either is written.
 */
export function likelyDuplicates(
  patients: PatientRow[],
  candidate: { full_name: string; date_of_birth: string | null; phone: string | null },
  country: CountryCode | null = null,
): PatientRow[] {
  const name = normalize(candidate.full_name).split(/\s+/).filter(Boolean);
  const number = (phone: string | null) => (phone ? phoneInE164(phone, country) : null);
  const phone = number(candidate.phone);
  return patients.filter((patient) => {
    if (phone && number(patient.phone) === phone) return true;
    if (
      !candidate.date_of_birth ||
      patient.date_of_birth !== candidate.date_of_birth ||
      name.length === 0
    )
      return false;
    return nameScore(name, normalize(patient.full_name).split(/\s+/)) > 0;
  });
}
