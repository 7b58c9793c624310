import { describe, expect, it } from 'vitest';
import { portalFormats } from './clock';

const booked = '2026-12-08T06:30:00Z';

describe("the portal's times", () => {
  it("are on the clinic's clock, whatever the phone's", () => {
    expect(portalFormats('en', { timezone: 'Africa/Nairobi', country: 'KE' }).time(booked)).toBe(
      '09:30',
    );
    expect(portalFormats('en', { timezone: 'America/Guayaquil', country: 'EC' }).time(booked)).toBe(
      '01:30',
    );
  });

  it("are in the patient's language as spoken in the clinic's country", () => {
    const swahili = portalFormats('sw', { timezone: 'Africa/Nairobi', country: 'KE' });
    expect(swahili.locale).toBe('sw-KE');
    expect(swahili.when(booked)).toMatch(/^Jumanne, 8 Desemba 2026.*09:30$/);
    expect(swahili.longDate(booked)).toBe('8 Desemba 2026');
    const french = portalFormats('fr', { timezone: 'Africa/Nairobi', country: 'KE' });
    expect(french.when(booked)).toMatch(/^mardi 8 décembre 2026.*09:30$/);
    expect(french.dayMonthTime(booked)).toBe('8 déc., 09:30');
  });

  it("fall back to the phone's zone for a clinic kept before the server named its own", () => {
    const phone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(portalFormats('en', { hospital_id: 'h1', name: 'Hillside' } as never).timeZone).toBe(
      phone,
    );
    expect(portalFormats('en', null).timeZone).toBe(phone);
  });
});
