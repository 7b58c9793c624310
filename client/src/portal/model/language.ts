import type { Language } from '../../i18n/i18n';

/**
 * How a language may be written in a patient's record (`preferred_language` is free
 * text, typed at the front desk in whatever language the desk speaks), without accents
 * and in lower case.
 */
const writtenAs: Record<Language, string[]> = {
  en: ['en', 'eng', 'english', 'anglais', 'ingles', 'kiingereza'],
  fr: ['fr', 'fra', 'fre', 'french', 'francais', 'frances', 'kifaransa'],
  es: ['es', 'spa', 'spanish', 'espanol', 'espagnol', 'castellano', 'kihispania'],
  sw: ['sw', 'swa', 'swahili', 'kiswahili'],
};

const languageOfWord = new Map(
  Object.entries(writtenAs).flatMap(([language, words]) =>
    words.map((word) => [word, language as Language] as const),
  ),
);

/**
 * The portal's language a record's preferred language names ("Kiswahili", "French",
 * "es-EC", "Swahili, English": the first one named), or null for one it does not speak.
 */
export function languageOfRecord(preferred: string | null | undefined): Language | null {
  if (!preferred) return null;
  const words = preferred
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z]+/);
  for (const word of words) {
    const language = languageOfWord.get(word);
    if (language) return language;
  }
  return null;
}
