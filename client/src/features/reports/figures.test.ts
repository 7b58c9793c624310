import { describe, expect, it } from 'vitest';
import { addDays, clinicDate, datesBetween, isPlainDate, rangeFor, weekStart } from './clinicDates';
import { clinicReport, type AppointmentFact, type ReportInput, type VisitFact } from './figures';
import { reportTables } from './tables';

// London: clocks went forward at 01:00 UTC on Sunday 29 March 2026 (GMT to BST).
const london = 'Europe/London';
const drNjoroge = 'doctor-njoroge';
const drOtieno = 'doctor-otieno';

const malaria = { code: 'B54', description: 'Unspecified malaria' };
const asthma = { code: 'J45.909', description: 'Unspecified asthma, uncomplicated' };
const hypertension = { code: 'I10', description: 'Essential (primary) hypertension' };

const visit = (
  checked_in_at: string,
  doctor_id: string | null,
  diagnoses: VisitFact['diagnoses'] = [],
): VisitFact => ({ checked_in_at, doctor_id, diagnoses });

const appointment = (
  starts_at: string,
  doctor_id: string,
  status: AppointmentFact['status'],
): AppointmentFact => ({
  starts_at,
  ends_at: new Date(Date.parse(starts_at) + 15 * 60_000).toISOString(),
  doctor_id,
  status,
});

/** A week around the change to summer time and the end of March. */
const week: ReportInput = {
  timeZone: london,
  range: { from: '2026-03-27', to: '2026-04-02' },
  now: '2026-04-02T12:00:00.000Z',
  readsClinical: true,
  visits: [
    // 23:30 GMT on Saturday: still Saturday in London.
    visit('2026-03-28T23:30:00.000Z', drNjoroge, [malaria]),
    // 23:30 UTC on Sunday is 00:30 BST on Monday in London.
    visit('2026-03-29T23:30:00.000Z', drNjoroge, [malaria, { ...malaria }]),
    visit('2026-03-30T09:00:00.000Z', drOtieno, [asthma, hypertension]),
    // 23:30 UTC on 31 March is already 1 April in London: April's diagnoses.
    visit('2026-03-31T23:30:00.000Z', drOtieno, [asthma]),
    visit('2026-04-01T10:00:00.000Z', null),
    // Outside the range, in the clinic's days (2026-03-26 23:30 GMT).
    visit('2026-03-26T23:30:00.000Z', drNjoroge, [malaria]),
    // 2026-04-02 23:30 UTC is 3 April in London: outside.
    visit('2026-04-02T23:30:00.000Z', drNjoroge, [malaria]),
  ],
  appointments: [
    appointment('2026-03-28T09:00:00.000Z', drNjoroge, 'completed'),
    appointment('2026-03-28T10:00:00.000Z', drNjoroge, 'no_show'),
    appointment('2026-03-30T09:00:00.000Z', drOtieno, 'checked_in'),
    appointment('2026-03-30T10:00:00.000Z', drOtieno, 'no_show'),
    appointment('2026-03-31T10:00:00.000Z', drOtieno, 'no_show'),
    // Ended with nobody saying what happened.
    appointment('2026-04-01T08:00:00.000Z', drNjoroge, 'scheduled'),
    // Still to come, cancelled: no one's no-show.
    appointment('2026-04-02T15:00:00.000Z', drNjoroge, 'scheduled'),
    appointment('2026-04-01T09:00:00.000Z', drOtieno, 'cancelled'),
    // Sunday 29 March 23:30 UTC is Monday in London: the second week.
    appointment('2026-03-29T23:30:00.000Z', drNjoroge, 'completed'),
  ],
  patients: [
    { registered_at: '2026-03-29T23:30:00.000Z' },
    { registered_at: '2026-03-30T08:00:00.000Z' },
    { registered_at: '2026-03-20T08:00:00.000Z' },
    { registered_at: null },
  ],
};

describe('clinic dates', () => {
  it("takes an instant's date in the clinic's zone, either side of a clock change", () => {
    expect(clinicDate('2026-03-28T23:30:00.000Z', london)).toBe('2026-03-28');
    expect(clinicDate('2026-03-29T23:30:00.000Z', london)).toBe('2026-03-30');
    expect(clinicDate('2026-10-24T23:30:00.000Z', london)).toBe('2026-10-25');
    expect(clinicDate('2026-10-25T23:30:00.000Z', london)).toBe('2026-10-25');
    expect(clinicDate('2026-11-30T22:00:00.000Z', 'Africa/Nairobi')).toBe('2026-12-01');
  });

  it('counts days and weeks on dates alone', () => {
    expect(datesBetween('2026-03-28', '2026-03-31')).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
      '2026-03-31',
    ]);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(weekStart('2026-03-29')).toBe('2026-03-23');
    expect(weekStart('2026-03-30')).toBe('2026-03-30');
    expect(isPlainDate('2026-02-29')).toBe(false);
    expect(isPlainDate('2028-02-29')).toBe(true);
  });

  it("ends the preset ranges on the clinic's today, and checks a custom one", () => {
    const custom = { from: '', to: '' };
    expect(rangeFor('last_7_days', '2026-03-02', custom)).toEqual({
      from: '2026-02-24',
      to: '2026-03-02',
    });
    expect(rangeFor('last_30_days', '2026-03-02', custom)).toEqual({
      from: '2026-02-01',
      to: '2026-03-02',
    });
    expect(rangeFor('this_month', '2026-03-02', custom)).toEqual({
      from: '2026-03-01',
      to: '2026-03-02',
    });
    expect(rangeFor('custom', '2026-03-02', custom)).toEqual({
      problem: 'noDates',
    });
    expect(rangeFor('custom', '2026-03-02', { from: '2026-03-02', to: '2026-03-01' })).toEqual({
      problem: 'backwards',
    });
    expect(rangeFor('custom', '2026-03-02', { from: '2025-01-01', to: '2026-03-01' })).toEqual({
      problem: 'tooLong',
    });
    expect(rangeFor('custom', '2026-03-02', { from: '2026-02-01', to: '2026-02-28' })).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
  });
});

describe('the clinic report', () => {
  const report = clinicReport(week);

  it("counts each visit on the clinic's day, across the change to summer time", () => {
    expect(report.visitsPerDay).toEqual([
      { date: '2026-03-27', visits: 0 },
      { date: '2026-03-28', visits: 1 },
      { date: '2026-03-29', visits: 0 },
      { date: '2026-03-30', visits: 2 },
      { date: '2026-03-31', visits: 0 },
      { date: '2026-04-01', visits: 2 },
      { date: '2026-04-02', visits: 0 },
    ]);
    expect(report.totals.visits).toBe(5);
  });

  it('counts visits per doctor, busiest first, with the visits no doctor was named for', () => {
    expect(report.visitsPerDoctor).toEqual([
      { doctor_id: drNjoroge, visits: 2 },
      { doctor_id: drOtieno, visits: 2 },
      { doctor_id: null, visits: 1 },
    ]);
  });

  it('gives the no-show rate per week and per doctor among the outcomes recorded', () => {
    expect(report.attendancePerWeek).toEqual([
      { week_start: '2026-03-23', attended: 1, no_shows: 1, not_marked: 0, rate: 0.5 },
      { week_start: '2026-03-30', attended: 2, no_shows: 2, not_marked: 1, rate: 0.5 },
    ]);
    expect(report.attendancePerDoctor).toEqual([
      { doctor_id: drOtieno, attended: 1, no_shows: 2, not_marked: 0, rate: 2 / 3 },
      { doctor_id: drNjoroge, attended: 2, no_shows: 1, not_marked: 1, rate: 1 / 3 },
    ]);
    expect(report.totals).toMatchObject({ attended: 3, no_shows: 3, not_marked: 1, rate: 0.5 });
  });

  it('has no rate for a week in which nobody came or failed to come', () => {
    const quiet = clinicReport({ ...week, appointments: [] });
    expect(quiet.attendancePerWeek[0]).toEqual({
      week_start: '2026-03-23',
      attended: 0,
      no_shows: 0,
      not_marked: 0,
      rate: null,
    });
  });

  it("counts new patients on the clinic's day of their registration", () => {
    expect(report.newPatientsPerDay.filter((day) => day.patients > 0)).toEqual([
      { date: '2026-03-30', patients: 2 },
    ]);
    expect(report.totals.new_patients).toBe(2);
  });

  it('lists the most frequent diagnoses of each month, a code once per visit', () => {
    expect(report.diagnosesPerMonth).toEqual([
      {
        month: '2026-03',
        diagnoses: [
          { ...malaria, visits: 2 },
          { ...hypertension, visits: 1 },
          { ...asthma, visits: 1 },
        ],
      },
      { month: '2026-04', diagnoses: [{ ...asthma, visits: 1 }] },
    ]);
  });

  it('holds no diagnoses for the front desk, and its tables none either', () => {
    const frontDesk = clinicReport({ ...week, readsClinical: false });
    expect(frontDesk.diagnosesPerMonth).toBeNull();
    expect(frontDesk.visitsPerDay).toEqual(report.visitsPerDay);
    const tables = reportTables(frontDesk, (id) => id ?? 'Not assigned');
    expect(tables.map((table) => table.id)).not.toContain('top-diagnoses-per-month');
    expect(JSON.stringify(tables)).not.toMatch(/B54|malaria|asthma/i);
  });

  it('makes tables of raw cells: ISO dates, counts and rates as percentages', () => {
    const names = new Map([
      [drNjoroge, 'Dr. Amina Njoroge'],
      [drOtieno, 'Dr. John Otieno'],
    ]);
    const tables = reportTables(report, (id) => (id ? names.get(id)! : 'Not assigned'));
    const table = (id: string) => tables.find((candidate) => candidate.id === id)!;
    expect(table('visits-per-doctor').rows).toEqual([
      ['Dr. Amina Njoroge', 2],
      ['Dr. John Otieno', 2],
      ['Not assigned', 1],
    ]);
    expect(table('no-shows-per-doctor').rows[0]).toEqual(['Dr. John Otieno', 1, 2, 0, 66.7]);
    expect(table('no-shows-per-week').rows[1]).toEqual(['2026-03-30', 2, 2, 1, 50]);
    expect(table('top-diagnoses-per-month').rows[0]).toEqual([
      '2026-03',
      1,
      'B54',
      'Unspecified malaria',
      2,
    ]);
  });
});
