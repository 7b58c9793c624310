import { format } from 'date-fns';
import type { VitalsReading } from '../model/api';
import { measuresWithReadings, plot, plotSize, seriesOf, type Measure } from '../model/chart';
import { useAnswer } from '../model/answers';
import { useSession } from '../model/state';
import { Card, Nothing, Screen } from '../parts/Screen';

const lineColours = ['#0f766e', '#7c3aed'];
const tick = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const withUnit = (value: string, unit: string) => (unit === '%' ? `${value}%` : `${value} ${unit}`);
const shortDay = (at: number) => format(new Date(at), 'd MMM yyyy');

function Chart({ measure, readings }: { measure: Measure; readings: VitalsReading[] }) {
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
      aria-label={`${measure.title}: ${count} readings from ${shortDay(drawn.first)} to ${shortDay(drawn.last)}, between ${tick(drawn.low)} and ${tick(drawn.high)} ${measure.unit} on the scale`}
    >
      <line x1={left} x2={drawn.width - right} y1={top} y2={top} stroke="#e2e8f0" />
      <line x1={left} x2={drawn.width - right} y1={baseline} y2={baseline} stroke="#94a3b8" />
      <g fontSize="12" fill="#334155">
        <text x={left - 6} y={top + 4} textAnchor="end">
          {tick(drawn.high)}
        </text>
        <text x={left - 6} y={baseline + 4} textAnchor="end">
          {tick(drawn.low)}
        </text>
        <text x={left} y={drawn.height - 6} textAnchor="start">
          {format(new Date(drawn.first), 'd MMM')}
        </text>
        <text x={drawn.width - right} y={drawn.height - 6} textAnchor="end">
          {format(new Date(drawn.last), 'd MMM')}
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

function latestWords(measure: Measure, readings: VitalsReading[]): string | null {
  const latest = [...readings]
    .sort((a, b) => Date.parse(b.recorded_at) - Date.parse(a.recorded_at))
    .find((reading) => measure.fields.some((field) => typeof reading[field.field] === 'number'));
  if (!latest) return null;
  const values = measure.fields.map((field) => latest[field.field]);
  const shown = values.map((value) => (typeof value === 'number' ? String(value) : '–')).join('/');
  return `Latest: ${withUnit(shown, measure.unit)}, ${format(new Date(latest.recorded_at), 'd MMM yyyy')}`;
}

function MeasureCard({ measure, readings }: { measure: Measure; readings: VitalsReading[] }) {
  const taken = [...readings]
    .filter((reading) => measure.fields.some((field) => typeof reading[field.field] === 'number'))
    .sort((a, b) => Date.parse(b.recorded_at) - Date.parse(a.recorded_at));
  return (
    <Card>
      <h2 className="text-xl font-semibold">{measure.title}</h2>
      <p className="text-base">{latestWords(measure, readings)}</p>
      {measure.fields.length > 1 && taken.length > 1 && (
        <ul className="mt-1 flex flex-wrap gap-x-4 text-sm">
          {measure.fields.map((field, index) => (
            <li key={field.field} className="flex items-center gap-1">
              <span
                aria-hidden="true"
                className="inline-block h-3 w-3 rounded-full"
                style={{ background: lineColours[index] }}
              />
              {field.label}
            </li>
          ))}
        </ul>
      )}
      {taken.length > 1 ? (
        <Chart measure={measure} readings={readings} />
      ) : (
        <p className="mt-1 text-base text-slate-700">Measured once so far: no chart yet.</p>
      )}
      {taken.length > 1 && (
        <details className="mt-2">
          <summary className="flex min-h-12 cursor-pointer items-center text-base font-medium text-teal-900 underline">
            See the numbers
          </summary>
          <table className="mt-1 w-full text-left text-base">
            <thead>
              <tr>
                <th className="py-1 pr-3 font-medium">Date</th>
                <th className="py-1 font-medium">
                  {measure.title} ({measure.unit})
                </th>
              </tr>
            </thead>
            <tbody>
              {taken.map((reading) => (
                <tr key={reading.recorded_at} className="border-t border-slate-200">
                  <td className="py-1 pr-3">
                    {format(new Date(reading.recorded_at), 'd MMM yyyy, HH:mm')}
                  </td>
                  <td className="py-1">
                    {measure.fields
                      .map((field) => reading[field.field])
                      .map((value) => (typeof value === 'number' ? String(value) : '–'))
                      .join('/')}
                  </td>
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
  const session = useSession();
  const view = useAnswer('vitals', session);
  return (
    <Screen title="Measurements" view={view}>
      {({ vitals }) => {
        const shown = measuresWithReadings(vitals);
        return shown.length === 0 ? (
          <Nothing>No measurements yet.</Nothing>
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
