import type { CsvCell } from './csv';
import { dayWords, monthWords } from './clinicDates';
import type { ColumnKind, ReportTable } from './tables';

/** "25%", "66.7%", or a dash when there is no rate. */
export const percentWords = (rate: number | null) =>
  rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;

function cellWords(cell: CsvCell, kind: ColumnKind): string {
  if (cell === null) return '—';
  switch (kind) {
    case 'date':
    case 'week':
      return dayWords(String(cell));
    case 'month':
      return monthWords(String(cell));
    case 'percent':
      return `${cell}%`;
    case 'count':
    case 'text':
      return String(cell);
  }
}

const numeric = (kind: ColumnKind) => kind === 'count' || kind === 'percent';

/** Tables longer than this are folded under their chart until opened. */
const rowsShownOpen = 10;

/**
 * One of the report's tables as the screen shows it: the same cells as its CSV file. A
 * long one (a row per day of a month) is folded, so the charts can be read one after the
 * other; it opens with one press.
 */
export function ReportTableView({ table }: { table: ReportTable }) {
  if (table.rows.length === 0) return <p className="text-slate-700">Nothing in these days.</p>;
  if (table.rows.length <= rowsShownOpen) return <TableOfRows table={table} />;
  return (
    <details>
      <summary className="inline-flex min-h-11 cursor-pointer items-center text-teal-900 underline">
        Show the table ({table.rows.length} rows)
      </summary>
      <TableOfRows table={table} />
    </details>
  );
}

function TableOfRows({ table }: { table: ReportTable }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full max-w-3xl text-left text-sm">
        <caption className="sr-only">{table.title}</caption>
        <thead>
          <tr className="border-b border-slate-400">
            {table.columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={`py-1 pr-4 ${numeric(column.kind) ? 'text-right' : ''}`}
              >
                {column.words}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, index) => (
            <tr key={index} className="border-b border-slate-200">
              {row.map((cell, column) => {
                const { kind, key } = table.columns[column]!;
                const words = cellWords(cell, kind);
                return column === 0 ? (
                  <th key={key} scope="row" className="py-1 pr-4 font-normal">
                    {words}
                  </th>
                ) : (
                  <td key={key} className={`py-1 pr-4 ${numeric(kind) ? 'text-right' : ''}`}>
                    {words}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
