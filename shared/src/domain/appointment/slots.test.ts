import { describe, expect, it } from 'vitest';
import { wallTime } from '../hospital/clinic-time';
import { bookingOverrides, freeSlots, openPeriods } from './slots';

const drOkelloId = '0190a0b0-0000-7000-8000-000000000102';
const drMwangiId = '0190a0b0-0000-7000-8000-000000000103';
const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '17:00' }));
const splitTuesday = [
  { weekday: 2, opens: '08:00', closes: '12:00' },
  { weekday: 2, opens: '14:00', closes: '17:00' },
];
const longAgo = 0;

const times = (slots: { starts_at: string }[], zone: string) =>
  slots.map((slot) => {
    const minutes = wallTime(Date.parse(slot.starts_at), zone).minutes;
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  });

describe('free slots', () => {
  const tuesday = { year: 2026, month: 12, day: 1 };

  it('steps through the opening hours in the clinic zone, leaving out what is taken', () => {
    const slots = freeSlots({
      date: tuesday,
      openingHours: splitTuesday,
      timeZone: 'Africa/Nairobi',
      slotMinutes: 30,
      durationMinutes: 30,
      doctorId: drOkelloId,
      now: longAgo,
      appointments: [
        // 09:00–09:45 in Nairobi (UTC+3) takes two slots; the other doctor's and a
        // cancelled one take none.
        {
          appointment_id: 'a',
          doctor_id: drOkelloId,
          starts_at: '2026-12-01T06:00:00.000Z',
          duration_minutes: 45,
          status: 'scheduled',
        },
        {
          appointment_id: 'b',
          doctor_id: drMwangiId,
          starts_at: '2026-12-01T05:00:00.000Z',
          duration_minutes: 30,
          status: 'scheduled',
        },
        {
          appointment_id: 'c',
          doctor_id: drOkelloId,
          starts_at: '2026-12-01T12:00:00.000Z',
          duration_minutes: 30,
          status: 'cancelled',
        },
      ],
    });
    expect(times(slots, 'Africa/Nairobi')).toEqual([
      '08:00',
      '08:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
    ]);
    expect(slots[0]).toEqual({
      starts_at: '2026-12-01T05:00:00.000Z',
      ends_at: '2026-12-01T05:30:00.000Z',
    });
  });

  it('offers only slots the whole visit fits in before closing, and none already begun', () => {
    const slots = freeSlots({
      date: tuesday,
      openingHours: splitTuesday,
      timeZone: 'UTC',
      slotMinutes: 15,
      durationMinutes: 45,
      doctorId: drOkelloId,
      now: Date.parse('2026-12-01T15:50:00.000Z'),
      appointments: [],
    });
    expect(times(slots, 'UTC')).toEqual(['16:00', '16:15']);
  });

  it('counts the time of the appointment being moved as free', () => {
    const moving = {
      appointment_id: 'a',
      doctor_id: drOkelloId,
      starts_at: '2026-12-01T08:00:00.000Z',
      duration_minutes: 240,
      status: 'scheduled' as const,
    };
    const options = {
      date: tuesday,
      openingHours: splitTuesday,
      timeZone: 'UTC',
      slotMinutes: 60,
      durationMinutes: 60,
      doctorId: drOkelloId,
      now: longAgo,
      appointments: [moving],
    };
    expect(times(freeSlots(options), 'UTC')).toEqual(['14:00', '15:00', '16:00']);
    expect(times(freeSlots({ ...options, appointmentId: 'a' }), 'UTC')).toEqual([
      '08:00',
      '09:00',
      '10:00',
      '11:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
  });

  it('has none on a closed day', () => {
    const sunday = { year: 2026, month: 12, day: 6 };
    expect(openPeriods(sunday, weekdays, 'UTC')).toEqual([]);
    expect(
      freeSlots({
        date: sunday,
        openingHours: weekdays,
        timeZone: 'UTC',
        slotMinutes: 15,
        durationMinutes: 15,
        doctorId: drOkelloId,
        now: longAgo,
        appointments: [],
      }),
    ).toEqual([]);
  });

  it('keeps the 08:00 opening on the days the clocks change', () => {
    const zone = 'Europe/London';
    const base = {
      openingHours: [0, 1].map((weekday) => ({ weekday, opens: '08:00', closes: '10:00' })),
      timeZone: zone,
      slotMinutes: 60,
      durationMinutes: 60,
      doctorId: drOkelloId,
      now: longAgo,
      appointments: [],
    };
    // Sunday 29 March 2026 the clocks go forward; Sunday 25 October they go back.
    const spring = freeSlots({ ...base, date: { year: 2026, month: 3, day: 29 } });
    const autumn = freeSlots({ ...base, date: { year: 2026, month: 10, day: 25 } });
    expect(spring.map((slot) => slot.starts_at)).toEqual([
      '2026-03-29T07:00:00.000Z',
      '2026-03-29T08:00:00.000Z',
    ]);
    expect(autumn.map((slot) => slot.starts_at)).toEqual([
      '2026-10-25T08:00:00.000Z',
      '2026-10-25T09:00:00.000Z',
    ]);
  });

  it('does not count the hour the clocks skip', () => {
    // A night clinic 00:00–04:00 on 29 March 2026 in London: 01:00–02:00 never happens.
    const slots = freeSlots({
      date: { year: 2026, month: 3, day: 29 },
      openingHours: [{ weekday: 0, opens: '00:00', closes: '04:00' }],
      timeZone: 'Europe/London',
      slotMinutes: 60,
      durationMinutes: 60,
      doctorId: drOkelloId,
      now: longAgo,
      appointments: [],
    });
    expect(times(slots, 'Europe/London')).toEqual(['00:00', '02:00', '03:00']);
  });
});

describe('booking overrides', () => {
  const base = {
    duration_minutes: 30,
    openingHours: weekdays,
    timeZone: 'Africa/Nairobi',
    now: Date.parse('2026-12-01T06:00:00.000Z'),
  };

  it('asks for nothing inside the opening hours, later than now', () => {
    expect(
      bookingOverrides({
        ...base,
        date: { year: 2026, month: 12, day: 1 },
        starts_at: '2026-12-01T13:30:00.000Z',
      }),
    ).toEqual([]);
  });

  it('names the opening hours a booking falls outside of, even by its end', () => {
    // 16:45 Nairobi for 30 minutes ends after 17:00.
    expect(
      bookingOverrides({
        ...base,
        date: { year: 2026, month: 12, day: 1 },
        starts_at: '2026-12-01T13:45:00.000Z',
      }),
    ).toEqual([{ kind: 'outside_opening_hours', message: 'Outside opening hours (08:00–17:00)' }]);
  });

  it('names the closed day and the past', () => {
    expect(
      bookingOverrides({
        ...base,
        date: { year: 2026, month: 11, day: 29 },
        starts_at: '2026-11-29T07:00:00.000Z',
      }),
    ).toEqual([
      { kind: 'in_the_past', message: 'In the past' },
      { kind: 'closed_day', message: 'Closed on Sundays' },
    ]);
  });
});
