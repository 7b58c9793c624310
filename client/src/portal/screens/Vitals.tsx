import { useTranslation } from 'react-i18next';
import type { VitalsReading } from '../model/api';
import { measuresWithReadings, plot, plotSize, seriesOf, type Measure } from '../model/chart';
import { useAnswer } from '../model/answers';
import { usePortalFormat, type PortalFormats } from '../model/clock';
import { useSession } from '../model/state';
import type { PortalT } from '../model/words';
import { Card, Nothing, Screen } from '../parts/Screen';

const lineColours = ['#0f766e', '#7c3aed'];

/** A measure's name, its unit and a value with its unit, in the patient's language. */
function measureWords(measure: Measure, t: PortalT, formats: PortalFormats) {
  const unit = t(`vitals.units.${measure.id}`);
  // A reading as taken (two decimals at most); the scale's ends, rounded to one.
  const value = (number: number) => formats.number(number, { maximumFractionDigits: 2 });
  return {
    name: t(`vitals.measures.${measure.id}`),
    unit,
    tick: (number: number) => formats.number(number, { maximumFractionDigits: 1 }),
    withUnit: (shown: string) => (measure.unit === '%' ? `${shown}%` : `${shown} ${unit}`),
    /** One reading: "120/80", "36.5", "–" for a sign not taken. */
    reading: (reading: VitalsReading) =>
      measure.fields
        .map((field) => reading[field.field])
        .map((taken) => (typeof taken === 'number' ? value(taken) : '–'))
        .join('/'),
  };
}

function Chart({ measure, readings }: { measure: Measure; readings: VitalsReading[] }) {
  const { t } = useTranslation('portal');
  const formats = usePortalFormat();
  const words = measureWords(measure, t, formats);
  const series = measure.fields
    .map((field) => ({ field: field.field, points: seriesOf(readings, field.field) }))
    .filter((line) => line.points.length > 0);
  const drawn = plot(series);
  const { left, right, top, bottom } = plotSize;
  const baseline = drawn.height - bottom;
  const count = Math.max(...series.map((line) => line.points.length));
  return (
    <svg
      viewBox={`0 0 ${drawn.width} ${drawn.height}`}
      className="mt-2 h-auto w-full max-w-xl"
      role="img"
      aria-label={t('vitals.chart', {
        measure: words.name,
        count,
        first: formats.date(drawn.first),
        last: formats.date(drawn.last),
        low: words.tick(drawn.low),
        high: words.tick(drawn.high),
        unit: words.unit,
      })}
    >
      <line x1={left} x2={drawn.width - right} y1={top} y2={top} stroke="#e2e8f0" />
      <line x1={left} x2={drawn.width - right} y1={baseline} y2={baseline} stroke="#94a3b8" />
      <g fontSize="12" fill="#334155">
        <text x={left - 6} y={top + 4} textAnchor="end">
          {words.tick(drawn.high)}
        </text>
        <text x={left - 6} y={baseline + 4} textAnchor="end">
          {words.tick(drawn.low)}
        </text>
        <text x={left} y={drawn.height - 6} textAnchor="start">
          {formats.dayMonth(drawn.first)}
        </text>
        <text x={drawn.width - right} y={drawn.height - 6} textAnchor="end">
          {formats.dayMonth(drawn.last)}
        </text>
      </g>
      {drawn.lines.map((line, index) => (
        <g key={line.field} stroke={lineColours[index]} fill={lineColours[index]}>
          <path d={line.path} fill="none" strokeWidth="2" />
          {line.dots.map((dot) => (
            <circle key={dot.at} cx={dot.x} cy={dot.y} r="4" />
          ))}
        </g>
      ))}
    </svg>
  );
}

/** "Latest: 120/80 mmHg, 1 Dec 2026", or null before any reading of the measure. */
function latestWords(
  measure: Measure,
  readings: VitalsReading[],
  t: PortalT,
  formats: PortalFormats,
): string | null {
  const latest = [...readings]
    .sort((a, b) => Date.parse(b.recorded_at) - Date.parse(a.recorded_at))
    .find((reading) => measure.fields.some((field) => typeof reading[field.field] === 'number'));
  if (!latest) return null;
  const words = measureWords(measure, t, formats);
  return t('vitals.latest', {
    value: words.withUnit(words.reading(latest)),
    date: formats.date(latest.recorded_at),
  });
}

function MeasureCard({ measure, readings }: { measure: Measure; readings: VitalsReading[] }) {
  const { t } = useTranslation('portal');
  const formats = usePortalFormat();
  const words = measureWords(measure, t, formats);
  const taken = [...readings]
    .filter((reading) => measure.fields.some((field) => typeof reading[field.field] === 'number'))
    .sort((a, b) => Date.parse(b.recorded_at) - Date.parse(a.recorded_at));
  return (
    <Card>
      <h2 className="text-xl font-semibold">{words.name}</h2>
      <p className="text-base">{latestWords(measure, readings, t, formats)}</p>
      {measure.fields.length > 1 && taken.length > 1 && (
        <ul className="mt-1 flex flex-wrap gap-x-4 text-sm">
          {measure.fields.map((field, index) => (
            <li key={field.field} className="flex items-center gap-1">
              <span
                aria-hidden="true"
                className="inline-block h-3 w-3 rounded-full"
                style={{ background: lineColours[index] }}
              />
              {t(`vitals.lines.${field.field}`)}
            </li>
          ))}
        </ul>
      )}
      {taken.length > 1 ? (
        <Chart measure={measure} readings={readings} />
      ) : (
        <p className="mt-1 text-base text-slate-700">{t('vitals.onceOnly')}</p>
      )}
      {taken.length > 1 && (
        <details className="mt-2">
          <summary className="flex min-h-12 cursor-pointer items-center text-base font-medium text-teal-900 underline">
            {t('vitals.seeNumbers')}
          </summary>
          <table className="mt-1 w-full text-left text-base">
            <thead>
              <tr>
                <th className="py-1 pr-3 font-medium">{t('vitals.date')}</th>
                <th className="py-1 font-medium">
                  {t('vitals.column', { measure: words.name, unit: words.unit })}
                </th>
              </tr>
            </thead>
            <tbody>
              {taken.map((reading) => (
                <tr key={reading.recorded_at} className="border-t border-slate-200">
                  <td className="py-1 pr-3">{formats.dateTime(reading.recorded_at)}</td>
                  <td className="py-1">{words.reading(reading)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </Card>
  );
}

/** The measurements the clinic took, one small chart per measure. */
export function VitalsScreen() {
  const { t } = useTranslation('portal');
  const session = useSession();
  const view = useAnswer('vitals', session);
  return (
    <Screen title={t('vitals.title')} view={view}>
      {({ vitals }) => {
        const shown = measuresWithReadings(vitals);
        return shown.length === 0 ? (
          <Nothing>{t('vitals.none')}</Nothing>
        ) : (
          <div className="grid items-start gap-3 lg:grid-cols-2">
            {shown.map((measure) => (
              <MeasureCard key={measure.id} measure={measure} readings={vitals} />
            ))}
          </div>
        );
      }}
    </Screen>
  );
}
