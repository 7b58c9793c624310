import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

/**
 * The tests find buttons and headings by what a person reads. Written in English, they
 * run in another language through `say`: the English text is looked up among the app's
 * English strings and the same string is taken in the tablet's language. A text that is
 * no string of the app fails the test, so a screen left in English is caught.
 */

export const languages = ['en', 'fr', 'es', 'sw'] as const;
export type Language = (typeof languages)[number];

const locales = fileURLToPath(new URL('../../client/src/i18n/locales', import.meta.url));

type Strings = { [key: string]: string | Strings };

function flatten(strings: Strings, prefix: string, into: Map<string, string>) {
  for (const [key, value] of Object.entries(strings)) {
    if (typeof value === 'string') into.set(`${prefix}${key}`, value);
    else flatten(value, `${prefix}${key}.`, into);
  }
  return into;
}

const cache = new Map<Language, Map<string, string>>();

/** Every string of a language, as "namespace:key" to text. */
function stringsOf(language: Language): Map<string, string> {
  let strings = cache.get(language);
  if (!strings) {
    strings = new Map();
    for (const file of readdirSync(`${locales}/${language}`)) {
      const namespace = file.replace(/\.json$/, '');
      const parsed = JSON.parse(readFileSync(`${locales}/${language}/${file}`, 'utf8')) as Strings;
      flatten(parsed, `${namespace}:`, strings);
    }
    cache.set(language, strings);
  }
  return strings;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );

/** The same string in `language`: one text, or a pattern when English uses it for several. */
export function translate(
  language: Language,
  english: string,
  values: Record<string, string | number> = {},
): string | RegExp {
  if (language === 'en' && !english.includes('{{')) return english;
  const keys = [...stringsOf('en')].filter(([, text]) => text === english).map(([key]) => key);
  if (keys.length === 0) throw new Error(`"${english}" is no English string of the app`);
  const theirs = stringsOf(language);
  const texts = [
    ...new Set(
      keys.map((key) => {
        const text = theirs.get(key);
        if (text === undefined) throw new Error(`${language} lacks ${key} ("${english}")`);
        return fill(text, values);
      }),
    ),
  ];
  return texts.length === 1 ? texts[0]! : new RegExp(`^(?:${texts.map(escape).join('|')})$`);
}

/** The start of a string (before its first value) in `language`, as a pattern: "Booked …". */
export function translateStart(language: Language, english: string): RegExp {
  const key = [...stringsOf('en')].find(([, text]) => text === english)?.[0];
  if (!key) throw new Error(`"${english}" is no English string of the app`);
  const text = stringsOf(language).get(key);
  if (text === undefined) throw new Error(`${language} lacks ${key} ("${english}")`);
  return new RegExp(`^${escape(text.split('{{')[0]!)}`);
}

/** A string by its key ("clinical:vitals.signs.systolic"), with its values, in `language`. */
export function byKey(
  language: Language,
  key: string,
  values: Record<string, string | number> = {},
): string {
  const text = stringsOf(language).get(key);
  if (text === undefined) throw new Error(`${language} lacks ${key}`);
  return fill(text, values);
}

/**
 * The text of a string up to its first value not given, tags taken out, as a pattern:
 * "Signed by Dr. Amina Njoroge" of "Signed by {{who}}, {{when}}".
 */
export function translatePrefix(
  language: Language,
  english: string,
  values: Record<string, string | number> = {},
): RegExp {
  const key = [...stringsOf('en')].find(([, text]) => text === english)?.[0];
  if (!key) throw new Error(`"${english}" is no English string of the app`);
  const text = fill(stringsOf(language).get(key) ?? '', values).replace(/<\/?\w+>/g, '');
  return new RegExp(escape(text.split('{{')[0]!.trimEnd()));
}

const spokenOn = new WeakMap<Page, Language>();

/** Marks the language a tablet's page speaks (English unless said). */
export const speaks = (page: Page, language: Language) => spokenOn.set(page, language);

export const languageOf = (page: Page): Language => spokenOn.get(page) ?? 'en';

/** `say(page)('Sync now')`: the text the page shows for that English string. */
export const say =
  (page: Page) =>
  (english: string, values?: Record<string, string | number>): string | RegExp =>
    translate(languageOf(page), english, values);
