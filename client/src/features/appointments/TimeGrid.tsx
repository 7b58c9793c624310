import { clockText, type FreeSlot } from '@mymedic/shared';
import { format } from 'date-fns';
import type { AppointmentRow, OrganisationRow } from '../../engine/db';
import { clockAt, minutesAt } from './clinicClock';
import { dayName, openingHoursText, type CalendarView } from './calendarView';
import { lanesOf, openAt, rowHeight, type GridColumn } from './gridLayout';

const statusLook: Record<AppointmentRow['status'], { words: string; look: string }> = {
  scheduled: { words: 'Booked', look: 'border-sky-700 bg-sky-50' },
  checked_in: { words: 'Checked in', look: 'border-amber-600 bg-amber-50' },
  completed: { words: 'Seen', look: 'border-slate-500 bg-slate-100' },
  cancelled: { words: 'Cancelled', look: 'border-slate-400 bg-white' },
  no_show: { words: 'Did not come', look: 'border-slate-400 bg-white' },
};

/** Closed time: stripes, so it reads as shaded on any screen, not as an empty slot. */
const closedLook =
  'bg-[repeating-linear-gradient(135deg,#e2e8f0_0,#e2e8f0_6px,#f1f5f9_6px,#f1f5f9_12px)]';

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
}) {
  const step = organisation?.settings.default_slot_minutes ?? 15;
  const openingHours = organisation?.settings.opening_hours ?? [];
  const rows = Array.from(
    { length: Math.ceil((span.to - span.from) / step) },
    (_, index) => span.from + index * step,
  );
  const height = rows.length * rowHeight;
  const topOf = (minutes: number) => ((minutes - span.from) / step) * rowHeight;

  return (
    <div className="max-h-[75vh] overflow-auto rounded-xl bg-white shadow">
      <div
        className="grid"
        style={{ gridTemplateColumns: `3.25rem repeat(${columns.length}, minmax(5.5rem, 1fr))` }}
      >
        <div className="sticky top-0 z-20 border-b border-slate-300 bg-white" />
        {columns.map((column) => (
          <div
            key={column.key}
            className="sticky top-0 z-20 border-b border-l border-slate-300 bg-white px-1 py-2 text-center"
          >
            <ColumnHeading view={view} column={column} organisation={organisation} />
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
          const label =
            view === 'day' ? (column.doctorName ?? 'Appointments') : dayName(column.day);
          return (
            <div
              key={column.key}
              role="group"
              aria-label={label}
              className="relative border-l border-slate-300"
              style={{ height }}
            >
              {rows.map((minutes) => (
                <div
                  key={minutes}
                  className={`absolute inset-x-0 border-t ${minutes % 60 === 0 ? 'border-slate-300' : 'border-slate-100'} ${openAt(openingHours, column.day, minutes, step) ? '' : closedLook}`}
                  style={{ top: topOf(minutes), height: rowHeight }}
                />
              ))}
              {column.free.map((slot) => {
                const minutes = minutesAt(slot.starts_at, zone);
                if (minutes < span.from || minutes >= span.to) return null;
                const time = clockAt(slot.starts_at, zone);
                const where = [column.doctorName, dayName(column.day)].filter(Boolean).join(', ');
                return (
                  <button
                    key={slot.starts_at}
                    type="button"
                    aria-label={`${moving ? 'Move here' : 'Free'} ${time}, ${where}`}
                    className="absolute inset-x-1 z-0 flex items-center justify-center rounded-md border border-dashed border-teal-700 bg-white/70 text-sm text-teal-900 hover:bg-teal-50 focus-visible:bg-teal-50"
                    style={{ top: topOf(minutes) + 2, height: rowHeight - 4 }}
                    onClick={() => onFree(column, slot)}
                  >
                    {moving ? 'Move here' : 'Free'} {time}
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
                    className={`absolute z-10 overflow-hidden rounded-md border-l-4 px-1.5 py-0.5 text-left text-sm leading-tight text-slate-900 shadow-sm ${look.look} ${selected ? 'ring-2 ring-teal-800' : ''}`}
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
                    <span>{names.get(appointment.patient_id) ?? 'Patient not on this device'}</span>
                    <span className="block text-xs">
                      {look.words}
                      {appointment.pending === 1 && ' · not yet synced'}
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

/** A column's heading: the doctor (day view), or the day and its hours (week view). */
function ColumnHeading({
  view,
  column,
  organisation,
}: {
  view: CalendarView;
  column: GridColumn;
  organisation: OrganisationRow | undefined;
}) {
  if (view === 'day') {
    return <h3 className="text-sm font-semibold">{column.doctorName ?? 'Appointments'}</h3>;
  }
  const hours = openingHoursText(organisation, column.day);
  return (
    <h3 className="text-sm">
      <span className="sr-only">
        {dayName(column.day)}, {hours}
      </span>
      <span aria-hidden="true" className="block font-semibold">
        {format(column.day, 'EEE d MMM')}
      </span>
      <span aria-hidden="true" className="block text-xs text-slate-700">
        {hours === 'closed' ? 'Closed' : hours.replace(/^open /, '')}
      </span>
    </h3>
  );
}
