/**
 * CSV as RFC 4180 writes it: a header row, fields separated by commas, records ended by
 * CRLF, and a field quoted (its quotes doubled) when it holds a comma, a quote or a line
 * break. A text cell that a spreadsheet would run as a formula (one starting with =, +,
 * -, @, a tab or a carriage return) gets a leading apostrophe, so a patient's name or a
 * diagnosis typed as "=HYPERLINK(…)" stays text when the file is opened.
 */

export type CsvCell = string | number | null;

const formulaStart = /^[=+\-@\t\r]/;

/** One field as it is written in the file. Numbers are written as they are. */
export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = formulaStart.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file: the header, then one record per row, each ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** A name safe in a file name on any system: lower-case words joined by hyphens. */
export const fileNamePart = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'clinic';

/** "demo-clinic_visits-per-day_2026-11-25_to_2026-12-01.csv". */
export const csvFileName = (clinic: string, table: string, from: string, to: string) =>
  `${fileNamePart(clinic)}_${fileNamePart(table)}_${from}_to_${to}.csv`;
