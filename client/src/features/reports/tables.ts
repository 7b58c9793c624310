import type { CsvCell } from './csv';
import type { Attendance, ClinicReport } from './figures';

/**
 * The report's tables, each as the screen shows it and the CSV file holds it: the same
 * rows, so the file always says what the screen said. Cells are raw (ISO dates, counts,
 * a rate as a percentage); the screen puts them in words by the column's kind. Titles and
 * headers are keys: the CSV file is for machines and keeps them as they are
 * (`visits`, `no_show_rate_percent`), the screen says them in the person's language
 * (`reports:table.<id>`, `reports:column.<key>`).
 */
export type ColumnKind = 'date' | 'week' | 'month' | 'text' | 'count' | 'percent';

export interface ReportColumn {
  /** The CSV header, and the key of the screen's header. */
  key: string;
  kind: ColumnKind;
}

export interface ReportTable {
  id: string;
  columns: ReportColumn[];
  rows: CsvCell[][];
}

const attendanceColumns: ReportColumn[] = [
  { key: 'attended', kind: 'count' },
  { key: 'no_shows', kind: 'count' },
  { key: 'not_marked', kind: 'count' },
  { key: 'no_show_rate_percent', kind: 'percent' },
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
      columns: [
        { key: 'date', kind: 'date' },
        { key: 'visits', kind: 'count' },
      ],
      rows: report.visitsPerDay.map((day) => [day.date, day.visits]),
    },
    {
      id: 'visits-per-doctor',
      columns: [
        { key: 'doctor', kind: 'text' },
        { key: 'visits', kind: 'count' },
      ],
      rows: report.visitsPerDoctor.map((row) => [doctorName(row.doctor_id), row.visits]),
    },
    {
      id: 'no-shows-per-week',
      columns: [{ key: 'week_starting', kind: 'week' }, ...attendanceColumns],
      rows: report.attendancePerWeek.map((week) => [week.week_start, ...attendanceCells(week)]),
    },
    {
      id: 'no-shows-per-doctor',
      columns: [{ key: 'doctor', kind: 'text' }, ...attendanceColumns],
      rows: report.attendancePerDoctor.map((row) => [
        doctorName(row.doctor_id),
        ...attendanceCells(row),
      ]),
    },
    {
      id: 'new-patients-per-day',
      columns: [
        { key: 'date', kind: 'date' },
        { key: 'new_patients', kind: 'count' },
      ],
      rows: report.newPatientsPerDay.map((day) => [day.date, day.patients]),
    },
  ];
  if (report.diagnosesPerMonth) {
    tables.push({
      id: 'top-diagnoses-per-month',
      columns: [
        { key: 'month', kind: 'month' },
        { key: 'rank', kind: 'count' },
        { key: 'icd10_code', kind: 'text' },
        { key: 'description', kind: 'text' },
        { key: 'visits', kind: 'count' },
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
