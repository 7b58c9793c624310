import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useReadsClinical } from '../../app/commands';
import { staffName, useOrganisation, useStaff } from '../../app/reference';
import { secondaryButtonClass } from '../../ui/Field';
import { Panel } from '../../ui/Panel';
import { ToggleGroup } from '../../ui/ToggleGroup';
import { BarList, ColumnChart } from './Charts';
import {
  clinicDate,
  dateWords,
  monthWords,
  rangeFor,
  rangePresets,
  shortDateWords,
  type RangePreset,
} from './clinicDates';
import { csvFileName, toCsv } from './csv';
import { clinicReport, type ClinicReport } from './figures';
import { loadReportInput } from './load';
import { ReportTableView, percentWords } from './ReportTable';
import { reportTables, type ReportTable } from './tables';

const presetWords: Record<RangePreset, string> = {
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  this_month: 'This month',
  custom: 'Choose dates',
};

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
  problem: string | null;
}) {
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-1">
        <ToggleGroup
          label="Days to report"
          options={rangePresets}
          value={preset}
          onChange={(next) => onChange(next)}
          words={(option) => presetWords[option]}
        />
      </div>
      {preset === 'custom' && (
        <div className="flex flex-wrap items-end gap-3">
          <label className="block text-sm font-medium">
            First day
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
            Last day
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
              {problem}
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
  return (
    <Panel id={`${table.id}-title`} title={table.title}>
      {intro && <p className="text-sm text-slate-700">{intro}</p>}
      {chart}
      <ReportTableView table={table} />
      <button
        type="button"
        className={secondaryButtonClass}
        onClick={() => downloadCsv(table, clinic, report)}
      >
        Download CSV<span className="sr-only">: {table.title.toLowerCase()}</span>
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
  const { db } = useClinic();
  const organisation = useOrganisation();
  const staff = useStaff();
  const readsClinical = useReadsClinical();
  const [params, setParams] = useSearchParams();
  const timeZone = organisation?.settings.timezone ?? 'UTC';
  const clinic = organisation?.settings.name ?? 'Clinic';
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
    doctorId ? staffName(staff, doctorId) : 'No doctor named';
  const tables = report ? reportTables(report, doctorName) : [];
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
          Reports
        </h1>
        <p className="text-slate-700">
          Worked out on this device from the records it holds. Days are the clinic&apos;s (
          {timeZone}).
        </p>
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
            ? dateWords(range.from)
            : `${dateWords(range.from)} to ${dateWords(range.to)}`}
        </p>
      )}
      {range && !report && <p>Counting…</p>}
      {report && (
        <>
          <section aria-label="Totals">
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {[
                ['Visits', String(report.totals.visits)],
                ['New patients', String(report.totals.new_patients)],
                ['No-shows', String(report.totals.no_shows)],
                ['No-show rate', percentWords(report.totals.rate)],
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
                  label: shortDateWords(day.date),
                  value: day.visits,
                }))}
                valueTitle="Visits"
                axisTitle="Day of check-in"
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
            intro="The share of no-shows among the booked patients who came or were marked as not come. Booked slots that ended without either are counted as not marked; cancelled ones are left out."
            chart={
              <ColumnChart
                columns={report.attendancePerWeek.map((week) => ({
                  label: `w/c ${shortDateWords(week.week_start)}`,
                  value: week.rate === null ? null : week.rate * 100,
                }))}
                valueTitle="No-show rate (%)"
                axisTitle="Week starting Monday"
                ticks={[0, 25, 50, 75, 100]}
                format={(value) => `${Math.round(value)}%`}
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
                  note: `(${row.no_shows} of ${row.attended + row.no_shows})`,
                }))}
                format={(value) => `${Math.round(value)}%`}
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
                  label: shortDateWords(day.date),
                  value: day.patients,
                }))}
                valueTitle="New patients"
                axisTitle="Day of registration"
              />
            }
          />
          {report.diagnosesPerMonth ? (
            <Section
              table={table('top-diagnoses-per-month')!}
              clinic={clinic}
              report={report}
              intro="Each code counts once per visit, by the month of the visit."
              chart={
                report.diagnosesPerMonth.length === 0 ? (
                  <p>No diagnoses recorded in these days.</p>
                ) : (
                  report.diagnosesPerMonth.map(({ month, diagnoses }) => (
                    <div key={month} className="space-y-1">
                      <h3 className="font-medium">{monthWords(month)}</h3>
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
            <p className="text-slate-700">
              Diagnoses are for the clinical staff to read, so they are not in this report.
            </p>
          )}
        </>
      )}
    </section>
  );
}
