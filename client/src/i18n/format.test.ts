import { describe, expect, it } from 'vitest';
import { formatsFor } from './format';

describe('a calendar day (a date of birth)', () => {
  it('is written in the language as spoken in the clinic’s country', () => {
    expect(formatsFor('en', 'Africa/Nairobi', 'KE').calendarDay('1980-04-02')).toBe('2 Apr 1980');
    expect(formatsFor('fr', 'Africa/Dakar', 'SN').calendarDay('1980-04-02')).toBe('2 avr. 1980');
    expect(formatsFor('es', 'America/Guayaquil', 'EC').calendarDay('1980-04-02')).toBe(
      '2 abr 1980',
    );
  });

  it('keeps its day on a clock behind UTC, where midnight UTC is the evening before', () => {
    const quito = formatsFor('en', 'America/Guayaquil', 'EC');
    expect(quito.date('1980-04-02T00:00:00Z')).toMatch(/Apr 1, 1980|1 Apr 1980/);
    expect(quito.calendarDay('1980-04-02')).toMatch(/Apr 2, 1980|2 Apr 1980/);
  });

  it('shows text that is no calendar day as it is', () => {
    const formats = formatsFor('en', 'UTC');
    expect(formats.calendarDay('1980-13-45')).toBe('1980-13-45');
    expect(formats.calendarDay('about 1980')).toBe('about 1980');
  });
});
