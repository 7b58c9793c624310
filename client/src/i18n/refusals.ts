import type { RefusalValue } from '@mymedic/shared';
// The app's instance (`i18n.ts` sets it up); importing the package keeps tests free of its start.
import i18next from 'i18next';

/**
 * A refusal as it reaches a screen: the decider's on this device, a field's, one the
 * server sent back for a pushed command (kept on its conflict) or for a request.
 */
export interface SaidRefusal {
  message: string;
  key?: string | undefined;
  values?: Record<string, RefusalValue> | undefined;
}

const dayIn = (language: string, day: string) =>
  new Intl.DateTimeFormat(language, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(new Date(`${day}T12:00:00Z`));

function countryIn(language: string, country: string, english: string) {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(country) ?? english;
  } catch {
    return english;
  }
}

/** A value said in the language, or undefined for a word this app does not know. */
function sayValue(value: RefusalValue, language: string): string | number | undefined {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('key' in value)
    return i18next.exists(`errors:${value.key}`) ? i18next.t(`errors:${value.key}`) : undefined;
  if ('country' in value) return countryIn(language, value.country, value.name);
  return dayIn(language, value.day);
}

/**
 * The refusal in the person's language (the `errors` namespace, docs/i18n.md). A key this
 * app does not know (a newer server's), or a refusal without one (an older server's),
 * reads as the English the refusal carries.
 */
export function sayRefusal(said: SaidRefusal): string {
  const { key } = said;
  if (!key || !i18next.exists(`errors:${key}`)) return said.message;
  const language = i18next.language;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(said.values ?? {})) {
    const spoken = sayValue(value, language);
    if (spoken === undefined) return said.message;
    values[name] = spoken;
  }
  return i18next.t(`errors:${key}`, values);
}

/** A refusal's body when it has one (an ApiError's `body`), else the error's own message. */
export function sayFailure(failure: { message: string; body?: SaidRefusal | null }): string {
  return failure.body ? sayRefusal(failure.body) : failure.message;
}
