import type { CsvCell } from './csv';
import type { Attendance, ClinicReport } from './figures';

/**
 * The report's tables, each as the screen shows it and the CSV file holds it: the same
 * rows, so the file always says what the screen said. Cells are raw (ISO dates, counts,
 * a rate as a percentage); the screen puts them in words by the column's kind.
 */
export type ColumnKind = 'date' | 'week' | 'month' | 'text' | 'count' | 'percent';

export interface ReportColumn {
  /** The CSV header. */
  key: string;
  /** The screen's header. */
  words: string;
  kind: ColumnKind;
}

export interface ReportTable {
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: CsvCell[][];
}

const attendanceColumns: ReportColumn[] = [
  { key: 'attended', words: 'Came', kind: 'count' },
  { key: 'no_shows', words: 'No-shows', kind: 'count' },
  { key: 'not_marked', words: 'Not marked', kind: 'count' },
  { key: 'no_show_rate_percent', words: 'No-show rate', kind: 'percent' },
];

/** A rate as a percentage with one decimal, null when there is none. */
export const percent = (rate: number | null) =>
  rate === null ? null : Math.round(rate * 1000) / 10;

const attendanceCells = (attendance: Attendance): CsvCell[] => [
  attendance.attended,
  attendance.no_shows,
  attendance.not_marked,
  percent(attendance.rate),
];

/** The tables of a report, doctors named by `doctorName`. */
export function reportTables(
  report: ClinicReport,
  doctorName: (doctorId: string | null) => string,
): ReportTable[] {
  const tables: ReportTable[] = [
    {
      id: 'visits-per-day',
      title: 'Visits per day',
      columns: [
        { key: 'date', words: 'Day', kind: 'date' },
        { key: 'visits', words: 'Visits', kind: 'count' },
      ],
      rows: report.visitsPerDay.map((day) => [day.date, day.visits]),
    },
    {
      id: 'visits-per-doctor',
      title: 'Visits per doctor',
      columns: [
        { key: 'doctor', words: 'Doctor', kind: 'text' },
        { key: 'visits', words: 'Visits', kind: 'count' },
      ],
      rows: report.visitsPerDoctor.map((row) => [doctorName(row.doctor_id), row.visits]),
    },
    {
      id: 'no-shows-per-week',
      title: 'No-shows per week',
      columns: [{ key: 'week_starting', words: 'Week of', kind: 'week' }, ...attendanceColumns],
      rows: report.attendancePerWeek.map((week) => [week.week_start, ...attendanceCells(week)]),
    },
    {
      id: 'no-shows-per-doctor',
      title: 'No-shows per doctor',
      columns: [{ key: 'doctor', words: 'Doctor', kind: 'text' }, ...attendanceColumns],
      rows: report.attendancePerDoctor.map((row) => [
        doctorName(row.doctor_id),
        ...attendanceCells(row),
      ]),
    },
    {
      id: 'new-patients-per-day',
      title: 'New patients per day',
      columns: [
        { key: 'date', words: 'Day', kind: 'date' },
        { key: 'new_patients', words: 'New patients', kind: 'count' },
      ],
      rows: report.newPatientsPerDay.map((day) => [day.date, day.patients]),
    },
  ];
  if (report.diagnosesPerMonth) {
    tables.push({
      id: 'top-diagnoses-per-month',
      title: 'Most frequent diagnoses per month',
      columns: [
        { key: 'month', words: 'Month', kind: 'month' },
        { key: 'rank', words: 'Rank', kind: 'count' },
        { key: 'icd10_code', words: 'Code', kind: 'text' },
        { key: 'description', words: 'Diagnosis', kind: 'text' },
        { key: 'visits', words: 'Visits', kind: 'count' },
      ],
      rows: report.diagnosesPerMonth.flatMap(({ month, diagnoses }) =>
        diagnoses.map((diagnosis, index) => [
          month,
          index + 1,
          diagnosis.code,
          diagnosis.description,
          diagnosis.visits,
        ]),
      ),
    });
  }
  return tables;
}
