import { describe, expect, it } from 'vitest';
import { languageOfRecord } from './language';

describe("the language on a patient's record", () => {
  it('reads the names a front desk types, in any of our languages, and language tags', () => {
    expect(languageOfRecord('Kiswahili')).toBe('sw');
    expect(languageOfRecord('swahili')).toBe('sw');
    expect(languageOfRecord('Français')).toBe('fr');
    expect(languageOfRecord('French')).toBe('fr');
    expect(languageOfRecord('Español')).toBe('es');
    expect(languageOfRecord('Kiingereza')).toBe('en');
    expect(languageOfRecord('es-EC')).toBe('es');
    expect(languageOfRecord(' EN ')).toBe('en');
  });

  it('takes the first language named that the portal speaks', () => {
    expect(languageOfRecord('Swahili, English')).toBe('sw');
    expect(languageOfRecord('Dholuo / Kiswahili')).toBe('sw');
  });

  it('gives nothing for a language the portal does not speak, or none', () => {
    expect(languageOfRecord('Dholuo')).toBeNull();
    expect(languageOfRecord('Kikuyu')).toBeNull();
    expect(languageOfRecord('')).toBeNull();
    expect(languageOfRecord(null)).toBeNull();
  });
});
