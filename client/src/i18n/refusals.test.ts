import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { refusal, refusalTexts } from '@mymedic/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { sayRefusal } from './refusals';

/**
 * The refusals' words (docs/i18n.md): the `errors` namespace holds every key the shared
 * decider, schemas and server refuse with, its English the same as the catalog's, and
 * the other languages name no value English does not give.
 */

const locales = join(__dirname, 'locales');
const shared = join(__dirname, '..', '..', '..', 'shared', 'src');
type Strings = { [key: string]: string | Strings };
const readErrors = (language: string) =>
  JSON.parse(readFileSync(join(locales, language, 'errors.json'), 'utf8')) as Strings;

function flatten(strings: Strings, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [name, value] of Object.entries(strings)) {
    if (typeof value === 'string') flat.set(`${prefix}${name}`, value);
    else for (const [key, text] of flatten(value, `${prefix}${name}.`)) flat.set(key, text);
  }
  return flat;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const placeholders = (text: string) =>
  new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]));

describe('the refusals in every language', () => {
  const english = flatten(readErrors('en'));

  it('has the English of every key a refusal or schema in shared/ says, as the catalog writes it', () => {
    expect(Object.fromEntries(english)).toEqual(
      Object.fromEntries(flatten(refusalTexts as unknown as Strings)),
    );
    const used = sourceFiles(shared).flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/\b(?:refusal|phrase)\(\s*'([\w.]+)'/g)].map(
        (match) => match[1]!,
      ),
    );
    expect(used.length).toBeGreaterThan(150);
    expect(used.filter((key) => !english.has(key))).toEqual([]);
  });

  it('names in each language only values English gives', () => {
    for (const language of ['fr', 'es', 'sw']) {
      const translated = flatten(readErrors(language));
      const extra = [...translated].flatMap(([key, text]) => {
        const given = placeholders(english.get(key) ?? '');
        return [...placeholders(text)]
          .filter((name) => !given.has(name))
          .map((name) => `${key}: ${name}`);
      });
      expect(extra, `${language}/errors.json`).toEqual([]);
    }
  });
});

describe('sayRefusal', () => {
  beforeAll(async () => {
    await i18next.init({
      lng: 'fr',
      fallbackLng: 'en',
      ns: ['errors'],
      resources: {
        en: { errors: readErrors('en') },
        fr: { errors: readErrors('fr') },
        sw: { errors: readErrors('sw') },
      },
      interpolation: { escapeValue: false },
    });
  });

  it("says a refusal in the person's language, field names and days included", async () => {
    const range = refusal('vitals.range', {
      sign: { key: 'label.systolic' },
      min: 50,
      max: 260,
      unit: 'mmHg',
    });
    expect(sayRefusal(range)).toBe('Systolique : la valeur doit être entre 50 et 260 mmHg');
    await i18next.changeLanguage('sw');
    expect(sayRefusal(range)).toBe('Shinikizo la juu: thamani lazima iwe kati ya 50 na 260 mmHg');
    expect(
      sayRefusal(refusal('appointment.earlyNeedsReason', { day: { day: '2026-12-03' } })),
    ).toMatch(/Alhamisi/);
    await i18next.changeLanguage('fr');
  });

  it("says a taken slot (a double booking) with its doctor, day and hours on the clinic's clock", async () => {
    const slot = { day: { day: '2026-11-25' }, from: '13:00', to: '13:30', zone: 'Africa/Nairobi' };
    const taken = refusal('appointment.slotTaken', { doctor: 'Dr Grace Okello', ...slot });
    expect(taken.message).toBe(
      "Dr Grace Okello's slot is taken: Wednesday 25 November, 13:00–13:30 (Africa/Nairobi)",
    );
    expect(sayRefusal(taken)).toBe(
      'Le créneau de Dr Grace Okello est déjà pris : mercredi 25 novembre, 13:00–13:30 (Africa/Nairobi)',
    );
    await i18next.changeLanguage('sw');
    expect(sayRefusal(refusal('appointment.doctorsSlotTaken', slot))).toBe(
      'Muda wa daktari tayari umeshikwa: Jumatano, 25 Novemba, 13:00–13:30 (Africa/Nairobi)',
    );
    await i18next.changeLanguage('fr');
  });

  it("reads as the English it carries when the key or a value's word is unknown (another server's)", () => {
    expect(sayRefusal({ key: 'vitals.someNewRule', message: 'A new rule' })).toBe('A new rule');
    expect(sayRefusal({ message: 'An old server' })).toBe('An old server');
    expect(
      sayRefusal({
        key: 'field.required',
        values: { field: { key: 'label.someNewField' } },
        message: 'Some new field is required',
      }),
    ).toBe('Some new field is required');
  });
});
