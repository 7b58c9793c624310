import { bmi } from '@mymedic/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useFormat } from '../../app/useFormat';
import type { VitalsRow } from '../../engine/db';
import type { Formats } from '../../i18n/format';
import { timeRange } from './chartRange';

/** The charts a clinician reads over time, each with its unit (`chart.title.*`, `chart.series.*`). */
const charts = [
  {
    title: 'bloodPressure',
    series: [
      { label: 'systolic', value: (row: VitalsRow) => row.systolic, stroke: '#b91c1c' },
      { label: 'diastolic', value: (row: VitalsRow) => row.diastolic, stroke: '#1d4ed8' },
    ],
  },
  {
    title: 'pulse',
    series: [{ label: 'pulse', value: (row: VitalsRow) => row.pulse, stroke: '#0f766e' }],
  },
  {
    title: 'temperature',
    series: [
      { label: 'temperature', value: (row: VitalsRow) => row.temperature_c, stroke: '#c2410c' },
    ],
  },
  {
    title: 'weight',
    series: [
      { label: 'weight', value: (row: VitalsRow) => row.weight_kg, stroke: '#4338ca' },
      {
        label: 'bmi',
        value: (row: VitalsRow) => bmi(row.weight_kg, row.height_cm),
        stroke: '#6b7280',
      },
    ],
  },
  {
    title: 'glucose',
    series: [
      { label: 'glucose', value: (row: VitalsRow) => row.glucose_mmol_l, stroke: '#7e22ce' },
    ],
  },
];

/**
 * The time axis in the person's language and on the clinic's clock (uPlot's own ticks
 * are English, on the device's clock): hours when the ticks are under a day apart, with
 * the day under the first hour of each day, and dates beyond. The ticks are spaced for a
 * date ("1 Des 2026") to fit between them.
 */
function timeAxis(formats: Formats): uPlot.Axis {
  return {
    space: 90,
    values: (_plot, splits, _axis, _space, increment) =>
      splits.map((split, index) => {
        if (increment >= 86_400) return formats.date(split * 1000);
        const day = formats.day(split * 1000);
        const newDay = index === 0 || formats.day(splits[index - 1]! * 1000) !== day;
        return newDay ? `${formats.time(split * 1000)}\n${day}` : formats.time(split * 1000);
      }),
  };
}

function Chart({ rows, chart }: { rows: VitalsRow[]; chart: (typeof charts)[number] }) {
  const { t } = useTranslation('patients');
  const formats = useFormat();
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
        scales: { x: { time: true, range: (_plot, min, max) => timeRange(min, max) } },
        series: [
          {
            label: t('chart.taken'),
            // uPlot's own sign for no value, as the other series show it.
            value: (_plot, at) => (at === null ? '--' : formats.dateTime(at * 1000)),
          },
          ...chart.series.map((series) => ({
            label: t(`chart.series.${series.label}`),
            stroke: series.stroke,
            width: 2,
            spanGaps: true,
            points: { show: true },
          })),
        ],
        axes: [timeAxis(formats), {}],
      },
      data,
      element,
    );
    return () => plot.destroy();
  }, [rows, chart, width, t, formats]);
  return <div ref={holder} aria-hidden="true" />;
}

/**
 * Vitals over time, drawn with uPlot. The charts are pictures for the eye; the same
 * figures are in the table below them for screen readers and for printing. A
 * measurement entered in error is in neither (the history lists it, struck through).
 */
export default function VitalsChart({ rows: all }: { rows: VitalsRow[] }) {
  const { t } = useTranslation('patients');
  const formats = useFormat();
  const rows = all.filter((row) => !row.entered_in_error);
  const leftOut = all.length - rows.length;
  const shown = charts.filter((chart) =>
    chart.series.some((series) => rows.some((row) => series.value(row) !== null)),
  );
  const figure = (value: number | null) => (value === null ? '—' : formats.number(value));
  const leftOutNote = leftOut > 0 && (
    <p className="text-sm text-slate-700">{t('chart.leftOut', { count: leftOut })}</p>
  );
  if (all.length === 0) return <p className="text-slate-700">{t('chart.none')}</p>;
  if (rows.length === 0) return leftOutNote;
  return (
    <div className="space-y-4">
      {leftOutNote}
      {shown.map((chart) => (
        <figure key={chart.title}>
          <figcaption className="font-medium">{t(`chart.title.${chart.title}`)}</figcaption>
          <Chart rows={rows} chart={chart} />
        </figure>
      ))}
      <table className="w-full text-left text-sm">
        <caption className="text-left font-medium">{t('chart.all')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('chart.taken')}</th>
            {shown.flatMap((chart) =>
              chart.series.map((series) => (
                <th key={series.label} scope="col">
                  {t(`chart.series.${series.label}`)}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.vitals_id}>
              <th scope="row" className="font-normal">
                {formats.dateTime(row.taken_at)}
              </th>
              {shown.flatMap((chart) =>
                chart.series.map((series) => (
                  <td key={series.label}>{figure(series.value(row))}</td>
                )),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
