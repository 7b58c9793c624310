import {
  AsYouType,
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js/min';
import metadata from 'libphonenumber-js/min/metadata';
import { refusal, type Refusal } from '../../refusals';

/**
 * Phone numbers as libphonenumber-js reads them, with its "min" metadata: every
 * country's number lengths, leading digits and formats (enough to refuse a number that
 * cannot exist and to write one as the country does), without the patterns that tell a
 * mobile from a landline, which nothing here needs. See docs/clinical.md, "Phone numbers".
 */

export type { CountryCode };

/** Whether the text is a country (ISO 3166 region, such as KE) whose numbers are known. */
export const isPhoneCountry = (code: string): code is CountryCode => isSupportedCountry(code);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** The country's name in English: Kenya for KE. */
export const countryName = (country: string) => regionNames.of(country) ?? country;

/** Every country whose numbers are known, by name, for a person to choose from. */
export const phoneCountries = (): { country: CountryCode; name: string }[] =>
  getCountries()
    .map((country) => ({ country, name: countryName(country) }))
    .sort((left, right) => left.name.localeCompare(right.name));

/** The country's calling code, digits without +: 254 for KE. */
export const callingCodeOf = (country: CountryCode) => getCountryCallingCode(country);

/**
 * The country a calling code belongs to (the main one of those that share it: US for 1),
 * or null for one no country has. How a clinic that only set its reminders' country code
 * gets a country.
 */
export function countryOfCallingCode(callingCode: string | null | undefined): CountryCode | null {
  if (!callingCode) return null;
  const countries = (metadata.country_calling_codes as Record<string, CountryCode[]>)[callingCode];
  return countries?.[0] ?? null;
}

/** Digits, then separators (space, dash, dot, brackets) between digits; + only first. */
const phoneShape = /^\+?\(?[0-9]+(?:[ .\-()]{1,2}[0-9]+)*\)?$/;

/** `problem` is the refusal's English, `refusal` the same with its key (docs/i18n.md). */
export type EnteredPhone =
  | { e164: string; problem?: never; refusal?: never }
  | { problem: string; refusal: Refusal; e164?: never };

const refused = (said: Refusal): EnteredPhone => ({ problem: said.message, refusal: said });

/**
 * A number a person entered, read in the clinic's country (a number written with + in
 * its own): its E.164 form, or why it is not a phone number there ("Not a phone number
 * in Kenya: too short"). A clinic without a country gets numbers written with + only.
 */
export function enterPhone(text: string, country: CountryCode | null): EnteredPhone {
  const typed = text.trim();
  if (!phoneShape.test(typed)) return refused(refusal('phone.notANumber'));
  const international = typed.startsWith('+');
  if (!international && !country) return refused(refusal('phone.needsCountryCode'));
  const readIn = international ? undefined : (country ?? undefined);
  const lengthProblem = validatePhoneNumberLength(typed, readIn);
  const number = parsePhoneNumberFromString(typed, readIn);
  if (lengthProblem === 'INVALID_COUNTRY' || !number)
    return refused(refusal('phone.unknownCountryCode'));
  const numberCountry = number.country ?? countryOfCallingCode(number.countryCallingCode);
  // The country as a value each language names its own way; its English name for the message.
  const where = (problem: 'tooShort' | 'tooLong' | 'wrongLength' | 'notReal') =>
    refused(
      numberCountry
        ? refusal(`phone.${problem}In`, {
            country: { country: numberCountry, name: countryName(numberCountry) },
          })
        : refusal(`phone.${problem}WithCode`, { code: number.countryCallingCode }),
    );
  if (lengthProblem === 'TOO_SHORT') return where('tooShort');
  if (lengthProblem === 'TOO_LONG') return where('tooLong');
  if (lengthProblem) return where('wrongLength');
  if (!number.isValid()) return where('notReal');
  return { e164: number.number };
}

/**
 * A recorded number as people read it: as dialled in the clinic's country when it is
 * one of that country's (0712 345678), internationally otherwise (+44 20 7946 0958). A
 * number recorded before numbers were checked, which cannot be read, shows as recorded.
 */
export function displayPhone(recorded: string, country: CountryCode | null): string {
  const number = parsePhoneNumberFromString(recorded, country ?? undefined);
  if (!number?.isPossible()) return recorded;
  return country && number.country === country
    ? number.formatNational()
    : number.formatInternational();
}

/**
 * The number in E.164 form (+ and digits) for sending a message, or null when it cannot
 * be one: numbers are recorded so since they are checked; one recorded earlier as
 * dialled in the country is read in the clinic's country.
 */
export function phoneInE164(recorded: string, country: CountryCode | null): string | null {
  const typed = recorded.trim();
  if (!phoneShape.test(typed)) return null;
  const number = parsePhoneNumberFromString(
    typed,
    typed.startsWith('+') ? undefined : (country ?? undefined),
  );
  return number?.isPossible() ? number.number : null;
}

/**
 * The digits to look for in recorded numbers when someone types a number to find a
 * patient, or null when what was typed is not a number (fewer than 4 digits, or
 * letters). A number whole, in any common form (0712 345 678, +254712345678,
 * 254-712-345678, 712345678), gives its national significant number (712345678), which
 * every form of the recorded number holds; a part of one gives its digits, less the
 * trunk prefix (0) when typed as dialled in the country (or, where the clinic has no
 * country, a leading 0).
 */
export function phoneSearchDigits(typed: string, country: CountryCode | null): string | null {
  const text = typed.trim();
  if (!/^\+?[0-9 ().-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.length < 4) return null;
  const international = text.startsWith('+');
  const readIn = international ? undefined : (country ?? undefined);
  const whole = parsePhoneNumberFromString(text, readIn);
  if (whole?.isValid()) return whole.nationalNumber;
  // No country to read it in: the digits less a trunk 0, which no E.164 number holds.
  if (!international && !country) return digits.replace(/^0+/, '') || null;
  const typing = new AsYouType(readIn);
  typing.input(text);
  const national = typing.getNumber()?.nationalNumber ?? '';
  return national.length >= 4 ? national : digits;
}
