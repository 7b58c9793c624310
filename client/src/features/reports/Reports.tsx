import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useReadsClinical } from '../../app/commands';
import { staffName, useOrganisation, useStaff } from '../../app/reference';
import { useFormat } from '../../app/useFormat';
import { secondaryButtonClass } from '../../ui/Field';
import { Panel } from '../../ui/Panel';
import { ToggleGroup } from '../../ui/ToggleGroup';
import { BarList, ColumnChart } from './Charts';
import {
  clinicDate,
  dateWordsIn,
  rangeFor,
  rangePresets,
  type RangePreset,
  type RangeProblem,
} from './clinicDates';
import { csvFileName, toCsv } from './csv';
import { clinicReport, type ClinicReport } from './figures';
import { loadReportInput } from './load';
import { ReportTableView, percentWords } from './ReportTable';
import { reportTables, type ReportTable } from './tables';

const isPreset = (text: string | null): text is RangePreset =>
  (rangePresets as readonly (string | null)[]).includes(text);

/** Offers the table's rows as a CSV file named after the clinic, the table and the range. */
function downloadCsv(table: ReportTable, clinic: string, report: ClinicReport) {
  const blob = new Blob(
    [
      toCsv(
        table.columns.map((column) => column.key),
        table.rows,
      ),
    ],
    { type: 'text/csv;charset=utf-8' },
  );
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = csvFileName(clinic, table.id, report.range.from, report.range.to);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Which days the report covers: a preset ending today, or two dates chosen. */
function RangePicker({
  preset,
  custom,
  onChange,
  problem,
}: {
  preset: RangePreset;
  custom: { from: string; to: string };
  onChange: (preset: RangePreset, custom?: { from: string; to: string }) => void;
  problem: RangeProblem | null;
}) {
  const { t } = useTranslation('reports');
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-1">
        <ToggleGroup
          label={t('range.label')}
          options={rangePresets}
          value={preset}
          onChange={(next) => onChange(next)}
          words={(option) => t(`range.preset.${option}`)}
        />
      </div>
      {preset === 'custom' && (
        <div className="flex flex-wrap items-end gap-3">
          <label className="block text-sm font-medium">
            {t('range.first')}
            <input
              type="date"
              className="mt-1 block rounded-lg border border-slate-400 bg-white px-3 py-2 text-base"
              value={custom.from}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? 'range-problem' : undefined}
              onChange={(event) => onChange('custom', { ...custom, from: event.target.value })}
            />
          </label>
          <label className="block text-sm font-medium">
            {t('range.last')}
            <input
              type="date"
              className="mt-1 block rounded-lg border border-slate-400 bg-white px-3 py-2 text-base"
              value={custom.to}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? 'range-problem' : undefined}
              onChange={(event) => onChange('custom', { ...custom, to: event.target.value })}
            />
          </label>
          {problem && (
            <p id="range-problem" role="alert" className="pb-2 text-sm text-red-800">
              {t(`range.problem.${problem}`)}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

/** A report's section: its chart, its table and the table as a CSV file. */
function Section({
  table,
  clinic,
  report,
  chart,
  intro,
}: {
  table: ReportTable;
  clinic: string;
  report: ClinicReport;
  chart: ReactNode;
  intro?: string;
}) {
  const { t } = useTranslation('reports');
  const title = t(`table.${table.id}`);
  return (
    <Panel id={`${table.id}-title`} title={title}>
      {intro && <p className="text-sm text-slate-700">{intro}</p>}
      {chart}
      <ReportTableView table={table} />
      <button
        type="button"
        className={secondaryButtonClass}
        onClick={() => downloadCsv(table, clinic, report)}
      >
        {t('downloadCsv')}
        <span className="sr-only">{t('downloadCsvOf', { table: title.toLowerCase() })}</span>
      </button>
    </Panel>
  );
}

/**
 * The clinic's figures over a range of days, worked out on this device from what it
 * holds (so offline too): visits, no-shows, new patients and, for the clinical staff,
 * the most frequent diagnoses. Days are the clinic's, in its time zone.
 */
export default function Reports() {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const dates = dateWordsIn(format.locale);
  const { db } = useClinic();
  const organisation = useOrganisation();
  const staff = useStaff();
  const readsClinical = useReadsClinical();
  const [params, setParams] = useSearchParams();
  const timeZone = organisation?.settings.timezone ?? 'UTC';
  const clinic = organisation?.settings.name ?? t('clinic');
  const today = clinicDate(new Date(), timeZone);
  const presetParam = params.get('range');
  const preset: RangePreset = isPreset(presetParam) ? presetParam : 'last_7_days';
  const custom = { from: params.get('from') ?? '', to: params.get('to') ?? '' };
  const chosen = rangeFor(preset, today, custom);
  const range = 'problem' in chosen ? null : chosen;

  const input = useLiveQuery(
    () =>
      range ? loadReportInput(db, { timeZone, range, readsClinical, now: new Date() }) : undefined,
    [db, timeZone, range?.from, range?.to, readsClinical],
  );
  const report = useMemo(() => (input ? clinicReport(input) : undefined), [input]);
  const doctorName = (doctorId: string | null) =>
    doctorId ? staffName(staff, doctorId) : t('noDoctor');
  const tables = report ? reportTables(report, doctorName) : [];
  const wholePercent = (value: number) =>
    format.number(value / 100, { style: 'percent', maximumFractionDigits: 0 });
  const table = (id: string) => tables.find((candidate) => candidate.id === id);

  function choose(next: RangePreset, nextCustom?: { from: string; to: string }) {
    if (next !== 'custom') {
      setParams({ range: next }, { replace: true });
      return;
    }
    // Choosing dates starts from the range shown, so one end can be moved.
    const start = nextCustom ?? (range ? { from: range.from, to: range.to } : custom);
    setParams({ range: 'custom', from: start.from, to: start.to }, { replace: true });
  }

  return (
    <section aria-labelledby="reports-title" className="space-y-4">
      <div>
        <h1 id="reports-title" className="text-2xl font-semibold">
          {t('title')}
        </h1>
        <p className="text-slate-700">{t('intro', { zone: timeZone })}</p>
      </div>
      <RangePicker
        preset={preset}
        custom={custom}
        onChange={choose}
        problem={'problem' in chosen ? chosen.problem : null}
      />
      {range && (
        <p className="text-lg font-medium">
          {range.from === range.to
            ? dates.date(range.from)
            : t('range.fromTo', { from: dates.date(range.from), to: dates.date(range.to) })}
        </p>
      )}
      {range && !report && <p>{t('counting')}</p>}
      {report && (
        <>
          <section aria-label={t('totals.title')}>
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {[
                [t('totals.visits'), format.number(report.totals.visits)],
                [t('totals.newPatients'), format.number(report.totals.new_patients)],
                [t('totals.noShows'), format.number(report.totals.no_shows)],
                [t('totals.noShowRate'), percentWords(report.totals.rate, format)],
              ].map(([term, value]) => (
                <div key={term} className="rounded-xl bg-white p-4 shadow">
                  <dt className="text-sm text-slate-700">{term}</dt>
                  <dd className="text-2xl font-semibold">{value}</dd>
                </div>
              ))}
            </dl>
          </section>
          <Section
            table={table('visits-per-day')!}
            clinic={clinic}
            report={report}
            chart={
              <ColumnChart
                columns={report.visitsPerDay.map((day) => ({
                  label: dates.short(day.date),
                  value: day.visits,
                }))}
                valueTitle={t('chart.visits')}
                axisTitle={t('chart.checkInDay')}
                format={(value) => format.number(value)}
              />
            }
          />
          <Section
            table={table('visits-per-doctor')!}
            clinic={clinic}
            report={report}
            chart={
              <BarList
                bars={report.visitsPerDoctor.map((row) => ({
                  label: doctorName(row.doctor_id),
                  value: row.visits,
                }))}
              />
            }
          />
          <Section
            table={table('no-shows-per-week')!}
            clinic={clinic}
            report={report}
            intro={t('noShowsIntro')}
            chart={
              <ColumnChart
                columns={report.attendancePerWeek.map((week) => ({
                  label: t('chart.weekOf', { day: dates.short(week.week_start) }),
                  value: week.rate === null ? null : week.rate * 100,
                }))}
                valueTitle={t('chart.noShowRate')}
                axisTitle={t('chart.weekStarting')}
                ticks={[0, 25, 50, 75, 100]}
                format={wholePercent}
              />
            }
          />
          <Section
            table={table('no-shows-per-doctor')!}
            clinic={clinic}
            report={report}
            chart={
              <BarList
                bars={report.attendancePerDoctor.map((row) => ({
                  label: doctorName(row.doctor_id),
                  value: row.rate === null ? null : row.rate * 100,
                  note: t('chart.noShowsOf', {
                    noShows: format.number(row.no_shows),
                    outcomes: format.number(row.attended + row.no_shows),
                  }),
                }))}
                format={wholePercent}
              />
            }
          />
          <Section
            table={table('new-patients-per-day')!}
            clinic={clinic}
            report={report}
            chart={
              <ColumnChart
                columns={report.newPatientsPerDay.map((day) => ({
                  label: dates.short(day.date),
                  value: day.patients,
                }))}
                valueTitle={t('chart.newPatients')}
                axisTitle={t('chart.registrationDay')}
                format={(value) => format.number(value)}
              />
            }
          />
          {report.diagnosesPerMonth ? (
            <Section
              table={table('top-diagnoses-per-month')!}
              clinic={clinic}
              report={report}
              intro={t('diagnosesIntro')}
              chart={
                report.diagnosesPerMonth.length === 0 ? (
                  <p>{t('noDiagnoses')}</p>
                ) : (
                  report.diagnosesPerMonth.map(({ month, diagnoses }) => (
                    <div key={month} className="space-y-1">
                      <h3 className="font-medium">{dates.month(month)}</h3>
                      <BarList
                        bars={diagnoses.map((diagnosis) => ({
                          label: `${diagnosis.code} ${diagnosis.description}`,
                          value: diagnosis.visits,
                        }))}
                      />
                    </div>
                  ))
                )
              }
            />
          ) : (
            <p className="text-slate-700">{t('diagnosesHidden')}</p>
          )}
        </>
      )}
    </section>
  );
}
