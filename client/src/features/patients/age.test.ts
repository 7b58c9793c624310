import { describe, expect, it } from 'vitest';
import { ageText } from './age';

const today = new Date('2026-12-01T10:00:00');

describe('ageText', () => {
  it('counts whole years, a birthday tomorrow not yet', () => {
    expect(ageText({ date_of_birth: '1988-12-02' }, today)).toBe('37 years');
    expect(ageText({ date_of_birth: '1988-12-01' }, today)).toBe('38 years');
  });

  it('counts months under two years', () => {
    expect(ageText({ date_of_birth: '2025-01-15' }, today)).toBe('22 months');
    expect(ageText({ date_of_birth: '2026-10-20' }, today)).toBe('1 month');
  });

  it('says about for an estimated birth year, nothing when neither is known', () => {
    expect(ageText({ birth_year_estimate: 1986 }, today)).toBe('about 40 years');
    expect(ageText({}, today)).toBeNull();
  });
});
