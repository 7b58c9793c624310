import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/useFormat';
import type { Formats } from '../../i18n/format';
import type { CsvCell } from './csv';
import { dateWordsIn } from './clinicDates';
import type { ColumnKind, ReportTable } from './tables';

/** "25%", "66.7%" (in the person's way of writing it), or a dash when there is no rate. */
export const percentWords = (rate: number | null, format: Formats) =>
  rate === null ? '—' : format.number(rate, { style: 'percent', maximumFractionDigits: 1 });

function cellWords(cell: CsvCell, kind: ColumnKind, format: Formats): string {
  if (cell === null) return '—';
  const dates = dateWordsIn(format.locale);
  switch (kind) {
    case 'date':
    case 'week':
      return dates.day(String(cell));
    case 'month':
      return dates.month(String(cell));
    case 'percent':
      return percentWords(Number(cell) / 100, format);
    case 'count':
      return format.number(Number(cell));
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
  const { t } = useTranslation('reports');
  if (table.rows.length === 0) return <p className="text-slate-700">{t('nothingInDays')}</p>;
  if (table.rows.length <= rowsShownOpen) return <TableOfRows table={table} />;
  return (
    <details>
      <summary className="inline-flex min-h-11 cursor-pointer items-center text-teal-900 underline">
        {t('showTable', { count: table.rows.length })}
      </summary>
      <TableOfRows table={table} />
    </details>
  );
}

function TableOfRows({ table }: { table: ReportTable }) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  return (
    <div className="overflow-x-auto">
      <table className="w-full max-w-3xl text-left text-sm">
        <caption className="sr-only">{t(`table.${table.id}`)}</caption>
        <thead>
          <tr className="border-b border-slate-400">
            {table.columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={`py-1 pr-4 ${numeric(column.kind) ? 'text-right' : ''}`}
              >
                {t(`column.${column.key}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, index) => (
            <tr key={index} className="border-b border-slate-200">
              {row.map((cell, column) => {
                const { kind, key } = table.columns[column]!;
                const words = cellWords(cell, kind, format);
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
