import { refusalTexts } from './texts';

/**
 * A refusal in words any language can say: a stable key into the `errors` namespace of
 * the client's translations, the values its sentence names, and the English sentence
 * itself (kept for logs, integrations and apps that do not know the key yet).
 */

type KeysOf<Texts> = {
  [Name in keyof Texts & string]: Texts[Name] extends string
    ? Name
    : `${Name}.${KeysOf<Texts[Name]>}`;
}[keyof Texts & string];

export type RefusalKey = KeysOf<typeof refusalTexts>;

/**
 * What a refusal's sentence names: a number, a text said as it is (a code, a name), a
 * word of the catalog said in the reader's language (a field's name), a calendar day
 * (YYYY-MM-DD) or a country (ISO 3166, with its English name) written the reader's way.
 */
export type RefusalValue =
  string | number | { key: string } | { day: string } | { country: string; name: string };
export type RefusalValues = Record<string, RefusalValue>;

export interface Refusal {
  key: RefusalKey;
  values?: RefusalValues;
  message: string;
}

/** The English of a key of the catalog, or undefined for a key it does not hold. */
export function englishText(key: string): string | undefined {
  let found: unknown = refusalTexts;
  for (const part of key.split('.')) {
    if (typeof found !== 'object' || found === null) return undefined;
    found = (found as Record<string, unknown>)[part];
  }
  return typeof found === 'string' ? found : undefined;
}

const englishDay = (day: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  })
    .format(new Date(`${day}T12:00:00Z`))
    .replace(',', '');

function englishValue(value: RefusalValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if ('key' in value) return englishText(value.key) ?? value.key;
  if ('country' in value) return value.name;
  return englishDay(value.day);
}

/** The English sentence of a key with its values (i18next's `{{name}}` placeholders). */
export function sayInEnglish(key: RefusalKey, values: RefusalValues = {}): string {
  const text = englishText(key) ?? key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in values ? englishValue(values[name]!) : whole,
  );
}

/** A refusal by its key and values, with its English sentence. */
export function refusal(key: RefusalKey, values?: RefusalValues): Refusal {
  return { key, ...(values ? { values } : {}), message: sayInEnglish(key, values) };
}

/**
 * The sentences the schemas give zod, by their English: zod keeps only a message's text
 * on an issue, so `describeIssues` finds the key again here. Filled as the schemas are
 * built (once, at load); a message made for one request carries its key in the issue's
 * `params` instead (`refusalIssue`), so this never grows while the app runs.
 */
const schemaSentences = new Map<string, Omit<Refusal, 'message'>>();

/** The English sentence of a schema's message, remembered with its key for `describeIssues`. */
export function phrase(key: RefusalKey, values?: RefusalValues): string {
  const said = refusal(key, values);
  schemaSentences.set(said.message, { key, ...(values ? { values } : {}) });
  return said.message;
}

/** The key and values of a schema message made by `phrase`, if it was. */
export const phrasedAs = (message: string) => schemaSentences.get(message);

/** A custom zod issue carrying its key, for a refinement's refusal built per request. */
export function refusalIssue(path: PropertyKey[], said: Refusal) {
  return {
    code: 'custom' as const,
    path,
    message: said.message,
    params: { refusal: { key: said.key, ...(said.values ? { values: said.values } : {}) } },
  };
}
