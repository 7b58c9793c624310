import { allergyWarnings, describeAllergyWarning, type AllergyWarning } from '@mymedic/shared';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en/clinical.json';
import sw from '../../i18n/locales/sw/clinical.json';
import { allergyWarningWords } from './allergyWarning';

async function wordsIn(language: 'en' | 'sw') {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    ns: ['clinical'],
    defaultNS: 'clinical',
    resources: { en: { clinical: en }, sw: { clinical: sw } },
    interpolation: { escapeValue: false },
  });
  return instance.getFixedT(language, 'clinical');
}

const medications = [
  { name: 'Amoxicillin' },
  { name: 'Ceftriaxone 1 g IM' },
  { name: 'Penicillin V' },
];
const warnings = allergyWarnings(medications, [{ substance: 'Penicillin' }]);

describe('allergy warnings in words', () => {
  it('are in English what the shared list says, for every kind of link', async () => {
    expect(warnings.map((warning) => warning.relation).sort()).toEqual([
      'related_class',
      'same_class',
      'same_medicine',
    ]);
    const t = await wordsIn('en');
    for (const warning of warnings)
      expect(allergyWarningWords(warning, t)).toBe(describeAllergyWarning(warning));
  });

  it("name the drug classes in the person's language", async () => {
    const t = await wordsIn('sw');
    const related = warnings.find((warning) => warning.relation === 'related_class')!;
    expect(allergyWarningWords(related, t)).toBe(
      'Ceftriaxone 1 g IM: mgonjwa ana mzio wa Penicillin. Kwa baadhi ya wagonjwa, sefalosporini na penisilini husababisha mzio mtambuka',
    );
  });

  it('keep the name of a class the translations do not know yet', async () => {
    const t = await wordsIn('sw');
    const unknown: AllergyWarning = {
      medication: 'Vancomycin',
      substance: 'Vancomycin',
      drug_class: 'Glycopeptides',
      relation: 'same_class',
      allergy_class: null,
    };
    expect(allergyWarningWords(unknown, t)).toBe(
      'Vancomycin: mgonjwa ana mzio wa Vancomycin (zote ni Glycopeptides)',
    );
  });
});
