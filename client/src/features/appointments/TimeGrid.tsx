import { clockText, type FreeSlot } from '@mymedic/shared';
import { isSameDay } from 'date-fns';
import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentRow, OrganisationRow } from '../../engine/db';
import { clockAt, dayAt, instantOn, minutesAt } from './clinicClock';
import { openingHoursOn, useDayWords, type CalendarView } from './calendarView';
import { lanesOf, openAt, rowHeight, type GridColumn } from './gridLayout';

const statusLook: Record<AppointmentRow['status'], string> = {
  scheduled: 'border-sky-700 bg-sky-50',
  checked_in: 'border-amber-600 bg-amber-50',
  completed: 'border-slate-500 bg-slate-100',
  cancelled: 'border-slate-400 bg-white',
  no_show: 'border-slate-400 bg-white',
};

/** Closed time: stripes, so it reads as shaded on any screen, not as an empty slot. */
const closedLook =
  'bg-[repeating-linear-gradient(135deg,#e2e8f0_0,#e2e8f0_6px,#f1f5f9_6px,#f1f5f9_12px)]';
/** Time that has passed: plain grey, nothing left to book there. */
const pastLook = 'bg-slate-100';

/**
 * The calendar's time grid: the clinic's clock down the side, one column per doctor (a
 * day) or per day (a week). Closed time is shaded; free slots are buttons that book (or,
 * while an appointment is being moved, move it there); appointments are buttons that
 * open them.
 */
export function TimeGrid({
  view,
  columns,
  span,
  organisation,
  zone,
  names,
  selectedId,
  moving,
  onFree,
  onOpen,
  now,
  chosen,
}: {
  view: CalendarView;
  columns: GridColumn[];
  span: { from: number; to: number };
  organisation: OrganisationRow | undefined;
  zone: string;
  names: Map<string, string>;
  selectedId: string | null;
  moving: boolean;
  onFree: (column: GridColumn, slot: FreeSlot) => void;
  onOpen: (appointment: AppointmentRow) => void;
  now: number;
  /** The free slot the open booking or move was started from. */
  chosen: { doctorId: string; startsAt: number; locationId?: string } | null;
}) {
  const { t } = useTranslation('appointments');
  const dayWords = useDayWords();
  const columnName = (column: GridColumn) =>
    view === 'week'
      ? dayWords.long(column.day)
      : (column.location?.name ?? column.doctorName ?? t('calendar.title'));
  const step = organisation?.settings.default_slot_minutes ?? 15;
  const openingHours = organisation?.settings.opening_hours ?? [];
  const rows = Array.from(
    { length: Math.ceil((span.to - span.from) / step) },
    (_, index) => span.from + index * step,
  );
  const height = rows.length * rowHeight;
  const topOf = (minutes: number) => ((minutes - span.from) / step) * rowHeight;
  const today = dayAt(now, zone);
  const nowMinutes = minutesAt(new Date(now).toISOString(), zone);
  const showsToday = columns.some((column) => isSameDay(column.day, today));
  const selected = columns
    .flatMap((column) => column.appointments)
    .find((appointment) => appointment.appointment_id === selectedId);

  // Opening a day or week, or choosing an appointment, brings the time that matters into
  // view: the chosen appointment, else the present on today while the clinic's hours
  // last, else the opening (after closing time the day's appointments are above).
  // Anything else (a panel closed, a sync, the clock ticking) keeps the person's scroll.
  const scroller = useRef<HTMLDivElement>(null);
  const shownKey = columns.map((column) => column.key).join();
  const chosenId = selected?.appointment_id ?? null;
  const focus = selected
    ? minutesAt(selected.starts_at, zone)
    : showsToday && nowMinutes >= span.from && nowMinutes < span.to
      ? nowMinutes
      : span.from;
  const placed = useRef<{ shown: string; chosen: string | null; from: number; step: number }>(null);
  useLayoutEffect(() => {
    const grid = scroller.current;
    // Until the clinic's settings are read, the hours and slot length are stand-ins.
    if (!grid || !organisation) return;
    const last = placed.current;
    if (!last || last.shown !== shownKey || (chosenId !== null && chosenId !== last.chosen)) {
      grid.scrollTo({ top: Math.max(0, ((focus - span.from) / step) * rowHeight - rowHeight) });
    } else if (last.from !== span.from || last.step !== step) {
      // Hours were added above (an early booking synced) or the rows changed length: the
      // time at the top stays there.
      const atTop = last.from + (grid.scrollTop / rowHeight) * last.step;
      grid.scrollTo({ top: Math.max(0, ((atTop - span.from) / step) * rowHeight) });
    }
    placed.current = { shown: shownKey, chosen: chosenId, from: span.from, step };
  });

  return (
    // Focusable, so the grid scrolls by keyboard even when it holds no button (a day past).
    <div
      ref={scroller}
      role="group"
      aria-label={t('grid.label')}
      tabIndex={0}
      className="max-h-[75vh] overflow-auto rounded-xl bg-white shadow"
    >
      <div
        className="grid"
        style={{ gridTemplateColumns: `3.25rem repeat(${columns.length}, minmax(5.5rem, 1fr))` }}
      >
        <div className="sticky top-0 z-20 border-b border-slate-300 bg-white" />
        {columns.map((column) => (
          <div
            key={column.key}
            className={`sticky top-0 z-20 border-b border-l border-slate-300 px-1 py-2 text-center ${view === 'week' && isSameDay(column.day, today) ? 'bg-teal-50' : 'bg-white'}`}
          >
            <ColumnHeading
              view={view}
              column={column}
              name={columnName(column)}
              hours={openingHoursOn(organisation, column.day)}
              isToday={isSameDay(column.day, today)}
            />
          </div>
        ))}
        <div className="relative" style={{ height }} aria-hidden="true">
          {rows.map((minutes) => (
            <span
              key={minutes}
              className="absolute right-1 -translate-y-1/2 text-xs text-slate-700 first:translate-y-0"
              style={{ top: topOf(minutes) }}
            >
              {clockText(minutes)}
            </span>
          ))}
        </div>
        {columns.map((column) => {
          const lanes = lanesOf(column.appointments);
          const label = columnName(column);
          return (
            <div
              key={column.key}
              role="group"
              aria-label={label}
              className="relative border-l border-slate-300"
              style={{ height }}
            >
              {rows.map((minutes) => {
                const look = !openAt(openingHours, column.day, minutes, step)
                  ? closedLook
                  : instantOn(column.day, minutes + step, zone) <= now
                    ? pastLook
                    : '';
                return (
                  <div
                    key={minutes}
                    className={`absolute inset-x-0 border-t ${minutes % 60 === 0 ? 'border-slate-300' : 'border-slate-200'} ${look}`}
                    style={{ top: topOf(minutes), height: rowHeight }}
                  />
                );
              })}
              {isSameDay(column.day, today) && nowMinutes >= span.from && nowMinutes < span.to && (
                <div
                  aria-hidden="true"
                  className="absolute inset-x-0 z-10 border-t-2 border-red-700"
                  style={{ top: topOf(nowMinutes) }}
                />
              )}
              {column.free.map((slot) => {
                const minutes = minutesAt(slot.starts_at, zone);
                if (minutes < span.from || minutes >= span.to) return null;
                const time = clockAt(slot.starts_at, zone);
                const where = [column.doctorName, column.location?.name, dayWords.long(column.day)]
                  .filter(Boolean)
                  .join(', ');
                const isChosen =
                  chosen?.doctorId === column.doctorId &&
                  chosen.startsAt === Date.parse(slot.starts_at) &&
                  (!column.location || (chosen.locationId || null) === column.location.id);
                return (
                  <button
                    key={slot.starts_at}
                    type="button"
                    aria-label={t(isChosen ? 'grid.slotChosen' : 'grid.slot', {
                      slot: t(moving ? 'grid.moveHere' : 'grid.free', { time }),
                      where,
                    })}
                    className={`absolute inset-x-1 z-0 flex items-center justify-center rounded-md border text-sm text-teal-900 hover:bg-teal-50 focus-visible:bg-teal-50 ${isChosen ? 'border-2 border-solid border-teal-800 bg-teal-100 font-semibold' : 'border-dashed border-teal-700 bg-white/70'}`}
                    style={{ top: topOf(minutes) + 2, height: rowHeight - 4 }}
                    onClick={() => onFree(column, slot)}
                  >
                    {t(moving ? 'grid.moveHere' : 'grid.free', { time })}
                  </button>
                );
              })}
              {column.appointments.map((appointment) => {
                const minutes = minutesAt(appointment.starts_at, zone);
                const { lane, of } = lanes.get(appointment.appointment_id)!;
                const look = statusLook[appointment.status];
                const selected = appointment.appointment_id === selectedId;
                return (
                  <button
                    key={appointment.appointment_id}
                    type="button"
                    aria-pressed={selected}
                    className={`absolute z-10 overflow-hidden rounded-md border-l-4 px-1.5 py-0.5 text-left text-sm leading-tight text-slate-900 shadow-sm ${look} ${selected ? 'ring-2 ring-teal-800' : ''}`}
                    style={{
                      top: topOf(minutes) + 1,
                      height:
                        Math.max(rowHeight, (appointment.duration_minutes / step) * rowHeight) - 2,
                      left: `calc(${(lane / of) * 100}% + 2px)`,
                      width: `calc(${100 / of}% - 4px)`,
                    }}
                    onClick={() => onOpen(appointment)}
                  >
                    <span className="font-semibold">{clockAt(appointment.starts_at, zone)}</span>{' '}
                    <span>{names.get(appointment.patient_id) ?? t('patientNotHere')}</span>
                    <span className="block text-xs">
                      {t(`status.${appointment.status}`)}
                      {appointment.pending === 1 && ` · ${t('notYetSynced')}`}
                    </span>
                  </button>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/**
 * A column's heading: its name (the doctor or location of a day; a week's day), and in
 * the week the day's opening hours (`hours`, null when closed).
 */
function ColumnHeading({
  view,
  column,
  name,
  hours,
  isToday,
}: {
  view: CalendarView;
  column: GridColumn;
  name: string;
  hours: string | null;
  isToday: boolean;
}) {
  const { t } = useTranslation('appointments');
  const dayWords = useDayWords();
  if (view === 'day') {
    return <h3 className="text-sm font-semibold">{name}</h3>;
  }
  return (
    <h3 className="text-sm">
      <span className="sr-only">
        {t('grid.dayHours', {
          day: name,
          hours: hours ? t('calendar.open', { hours }) : t('calendar.closed'),
        })}
      </span>
      <span aria-hidden="true" className="block font-semibold">
        {isToday
          ? t('grid.today', { day: dayWords.dayMonth(column.day) })
          : dayWords.short(column.day)}
      </span>
      <span aria-hidden="true" className="block text-xs text-slate-700">
        {hours ?? t('grid.closed')}
      </span>
    </h3>
  );
}
