import { bmi } from '@mymedic/shared';
import { format } from 'date-fns';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { VitalsRow } from '../../engine/db';

/** The charts a clinician reads over time, each with its unit. */
const charts = [
  {
    title: 'Blood pressure (mmHg)',
    series: [
      { label: 'Systolic', value: (row: VitalsRow) => row.systolic, stroke: '#b91c1c' },
      { label: 'Diastolic', value: (row: VitalsRow) => row.diastolic, stroke: '#1d4ed8' },
    ],
  },
  {
    title: 'Pulse (beats/min)',
    series: [{ label: 'Pulse', value: (row: VitalsRow) => row.pulse, stroke: '#0f766e' }],
  },
  {
    title: 'Temperature (°C)',
    series: [
      { label: 'Temperature', value: (row: VitalsRow) => row.temperature_c, stroke: '#c2410c' },
    ],
  },
  {
    title: 'Weight (kg) and BMI',
    series: [
      { label: 'Weight', value: (row: VitalsRow) => row.weight_kg, stroke: '#4338ca' },
      {
        label: 'BMI',
        value: (row: VitalsRow) => bmi(row.weight_kg, row.height_cm),
        stroke: '#6b7280',
      },
    ],
  },
  {
    title: 'Glucose (mmol/L)',
    series: [
      { label: 'Glucose', value: (row: VitalsRow) => row.glucose_mmol_l, stroke: '#7e22ce' },
    ],
  },
];

function Chart({ rows, chart }: { rows: VitalsRow[]; chart: (typeof charts)[number] }) {
  const holder = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth || 600));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const data: uPlot.AlignedData = [
      rows.map((row) => Date.parse(row.taken_at) / 1000),
      ...chart.series.map((series) => rows.map((row) => series.value(row))),
    ];
    const plot = new uPlot(
      {
        width,
        height: 200,
        series: [
          {},
          ...chart.series.map((series) => ({
            label: series.label,
            stroke: series.stroke,
            width: 2,
            spanGaps: true,
            points: { show: true },
          })),
        ],
        axes: [{}, {}],
      },
      data,
      element,
    );
    return () => plot.destroy();
  }, [rows, chart, width]);
  return <div ref={holder} aria-hidden="true" />;
}

/**
 * Vitals over time, drawn with uPlot. The charts are pictures for the eye; the same
 * figures are in the table below them for screen readers and for printing. A
 * measurement entered in error is in neither (the history lists it, struck through).
 */
export default function VitalsChart({ rows: all }: { rows: VitalsRow[] }) {
  const rows = all.filter((row) => !row.entered_in_error);
  const leftOut = all.length - rows.length;
  const shown = charts.filter((chart) =>
    chart.series.some((series) => rows.some((row) => series.value(row) !== null)),
  );
  const leftOutNote = leftOut > 0 && (
    <p className="text-sm text-slate-700">
      {leftOut === 1
        ? 'One measurement entered in error is left out.'
        : `${leftOut} measurements entered in error are left out.`}
    </p>
  );
  if (all.length === 0) return <p className="text-slate-700">No vitals recorded yet.</p>;
  if (rows.length === 0) return leftOutNote;
  return (
    <div className="space-y-4">
      {leftOutNote}
      {shown.map((chart) => (
        <figure key={chart.title}>
          <figcaption className="font-medium">{chart.title}</figcaption>
          <Chart rows={rows} chart={chart} />
        </figure>
      ))}
      <table className="w-full text-left text-sm">
        <caption className="text-left font-medium">All measurements</caption>
        <thead>
          <tr>
            <th scope="col">Taken</th>
            {shown.flatMap((chart) =>
              chart.series.map((series) => (
                <th key={series.label} scope="col">
                  {series.label}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.vitals_id}>
              <th scope="row" className="font-normal">
                {format(new Date(row.taken_at), 'd MMM yyyy HH:mm')}
              </th>
              {shown.flatMap((chart) =>
                chart.series.map((series) => (
                  <td key={series.label}>{series.value(row) ?? '—'}</td>
                )),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
