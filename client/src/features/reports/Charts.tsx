import { labelledEvery, niceTicks } from './chartScale';

/**
 * The report's charts, drawn as plain SVG and HTML: bars over the days or weeks, and
 * bars by name. They are pictures for the eye (hidden from screen readers); the same
 * figures are in the table under each.
 */

export interface Column {
  label: string;
  value: number | null;
}

const width = 720;
const height = 240;
const margin = { top: 16, right: 12, bottom: 44, left: 66 };

/**
 * Upright bars over dates or weeks, the value axis in round steps with its title, the
 * dates under the bars (fewer of them when they would crowd), each bar's value above it
 * while there is room. A missing value (no rate for a week) leaves its place empty.
 */
export function ColumnChart({
  columns,
  valueTitle,
  axisTitle,
  ticks: fixedTicks,
  format = String,
}: {
  columns: Column[];
  valueTitle: string;
  axisTitle: string;
  ticks?: number[];
  format?: (value: number) => string;
}) {
  const largest = Math.max(0, ...columns.map((column) => column.value ?? 0));
  const ticks = fixedTicks ?? niceTicks(largest);
  const top = ticks.at(-1)!;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const slot = plotWidth / Math.max(1, columns.length);
  const barWidth = Math.min(48, slot * 0.7);
  const y = (value: number) => margin.top + plotHeight - (value / top) * plotHeight;
  const every = labelledEvery(columns.length, 10);
  const valuesShown = columns.length <= 16;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="h-auto w-full max-w-3xl"
      aria-hidden="true"
      fontSize="13"
    >
      <text
        x={14}
        y={margin.top + plotHeight / 2}
        transform={`rotate(-90 14 ${margin.top + plotHeight / 2})`}
        textAnchor="middle"
        fill="#334155"
      >
        {valueTitle}
      </text>
      {ticks.map((tick) => (
        <g key={tick}>
          <line
            x1={margin.left}
            x2={width - margin.right}
            y1={y(tick)}
            y2={y(tick)}
            stroke={tick === 0 ? '#334155' : '#cbd5e1'}
          />
          <text x={margin.left - 6} y={y(tick) + 4} textAnchor="end" fill="#334155">
            {format(tick)}
          </text>
        </g>
      ))}
      {columns.map((column, index) => {
        const centre = margin.left + slot * index + slot / 2;
        return (
          <g key={`${column.label}-${index}`}>
            {column.value !== null && column.value > 0 && (
              <rect
                x={centre - barWidth / 2}
                y={y(column.value)}
                width={barWidth}
                height={y(0) - y(column.value)}
                fill="#0f766e"
              />
            )}
            {valuesShown && column.value !== null && (
              <text x={centre} y={y(column.value) - 4} textAnchor="middle" fill="#0f172a">
                {format(column.value)}
              </text>
            )}
            {/* Counted from the last bar, so the range's last day always has its date. */}
            {(columns.length - 1 - index) % every === 0 && (
              <text x={centre} y={height - margin.bottom + 18} textAnchor="middle" fill="#334155">
                {column.label}
              </text>
            )}
          </g>
        );
      })}
      <text x={margin.left + plotWidth / 2} y={height - 6} textAnchor="middle" fill="#334155">
        {axisTitle}
      </text>
    </svg>
  );
}

/**
 * Bars by name (a doctor, a diagnosis): the name, a bar as long as its share of the
 * largest value, and the value written beside it.
 */
export function BarList({
  bars,
  format = String,
}: {
  bars: { label: string; value: number | null; note?: string }[];
  format?: (value: number) => string;
}) {
  const largest = Math.max(0, ...bars.map((bar) => bar.value ?? 0));
  return (
    <div aria-hidden="true" className="max-w-3xl space-y-1">
      {bars.map((bar, index) => (
        <div
          key={`${bar.label}-${index}`}
          className="grid grid-cols-[minmax(8rem,18rem)_1fr] items-center gap-3"
        >
          <span className="text-sm leading-tight">{bar.label}</span>
          <span className="flex items-center gap-2">
            <span
              className="inline-block h-5 rounded-r bg-teal-700"
              style={{
                width: largest > 0 && bar.value ? `${(bar.value / largest) * 80}%` : '0',
              }}
            />
            <span className="text-sm whitespace-nowrap">
              {bar.value === null ? '—' : format(bar.value)}
              {bar.note && <span className="text-slate-700"> {bar.note}</span>}
            </span>
          </span>
        </div>
      ))}
    </div>
  );
}
