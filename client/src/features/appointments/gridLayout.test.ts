import { describe, expect, it } from 'vitest';
import type { AppointmentRow } from '../../engine/db';
import { gridSpan, lanesOf, openAt } from './gridLayout';
import { slotStart } from './SlotFields';

const tuesday = new Date(2026, 11, 1);
const sunday = new Date(2026, 11, 6);
const hours = [
  { weekday: 2, opens: '08:30', closes: '12:00' },
  { weekday: 2, opens: '14:00', closes: '17:15' },
];
const appointment = (id: string, startsAt: string, minutes: number) =>
  ({
    appointment_id: id,
    starts_at: startsAt,
    ends_at: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString(),
    duration_minutes: minutes,
  }) as AppointmentRow;

describe('the calendar grid', () => {
  it('spans the whole hours of the opening, and of any appointment outside it', () => {
    expect(gridSpan([tuesday], hours, [], 'UTC')).toEqual({ from: 8 * 60, to: 18 * 60 });
    // 19:30 in Nairobi is 16:30 UTC.
    expect(
      gridSpan([tuesday], hours, [appointment('a', '2026-12-01T16:30:00Z', 45)], 'Africa/Nairobi'),
    ).toEqual({ from: 8 * 60, to: 21 * 60 });
    expect(gridSpan([sunday], hours, [], 'UTC')).toEqual({ from: 8 * 60, to: 18 * 60 });
  });

  it('is open only for rows wholly inside an opening', () => {
    expect(openAt(hours, tuesday, 8 * 60 + 30, 15)).toBe(true);
    expect(openAt(hours, tuesday, 8 * 60 + 15, 15)).toBe(false);
    expect(openAt(hours, tuesday, 12 * 60, 15)).toBe(false);
    expect(openAt(hours, tuesday, 17 * 60, 15)).toBe(true);
    expect(openAt(hours, tuesday, 17 * 60 + 15, 15)).toBe(false);
    expect(openAt(hours, sunday, 10 * 60, 15)).toBe(false);
  });

  it('puts overlapping appointments side by side, one after another in one lane', () => {
    const lanes = lanesOf([
      appointment('first', '2026-12-01T09:00:00Z', 30),
      appointment('overbooked', '2026-12-01T12:15:00+03:00', 15),
      appointment('after', '2026-12-01T09:30:00Z', 15),
    ]);
    expect(lanes.get('first')).toEqual({ lane: 0, of: 2 });
    expect(lanes.get('overbooked')).toEqual({ lane: 1, of: 2 });
    expect(lanes.get('after')).toEqual({ lane: 0, of: 2 });
  });
});

describe('a slot typed in', () => {
  const typed = (date: string, time: string) => {
    const data = new FormData();
    data.set('date', date);
    data.set('time', time);
    return data;
  };

  it("reads the date and time on the clinic's clock, whatever the tablet's zone", () => {
    expect(slotStart(typed('2026-12-01', '09:15'), 'Africa/Nairobi')?.toISOString()).toBe(
      '2026-12-01T06:15:00.000Z',
    );
    expect(slotStart(typed('2026-07-01', '09:15'), 'Europe/London')?.toISOString()).toBe(
      '2026-07-01T08:15:00.000Z',
    );
    expect(slotStart(typed('2026-12-01', ''), 'UTC')).toBeNull();
    expect(slotStart(typed('1 Dec', '09:15'), 'UTC')).toBeNull();
  });
});
