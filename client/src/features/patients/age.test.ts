import { describe, expect, it } from 'vitest';
import { ageOf } from './age';

const today = new Date('2026-12-01T10:00:00');

describe('ageOf', () => {
  it('counts whole years, a birthday tomorrow not yet', () => {
    expect(ageOf({ date_of_birth: '1988-12-02' }, today)).toEqual({ unit: 'years', count: 37 });
    expect(ageOf({ date_of_birth: '1988-12-01' }, today)).toEqual({ unit: 'years', count: 38 });
  });

  it('counts months under two years', () => {
    expect(ageOf({ date_of_birth: '2025-01-15' }, today)).toEqual({ unit: 'months', count: 22 });
    expect(ageOf({ date_of_birth: '2026-10-20' }, today)).toEqual({ unit: 'months', count: 1 });
  });

  it('says about for an estimated birth year, nothing when neither is known', () => {
    expect(ageOf({ birth_year_estimate: 1986 }, today)).toEqual({ unit: 'aboutYears', count: 40 });
    expect(ageOf({}, today)).toBeNull();
  });
});
