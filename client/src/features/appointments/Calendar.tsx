import { holdsDoctorsTime, mayIssue, type FreeSlot } from '@mymedic/shared';
import { addDays, isSameDay } from 'date-fns';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinic } from '../../app/clinic';
import { staffName, useDoctors, useOrganisation, useStaff } from '../../app/reference';
import type { AppointmentRow } from '../../engine/db';
import { buttonClass, Feedback, secondaryButtonClass } from '../../ui/Field';
import { AppointmentCard } from './AppointmentCard';
import { BookAppointment, type ChosenSlot } from './BookAppointment';
import { CalendarToolbar, type CalendarChoice } from './CalendarToolbar';
import { daysShown, openingHoursOn, startingOn, timeRange, useDayWords } from './calendarView';
import { dayAt, instantOn, useClinicZone } from './clinicClock';
import { RescheduleForm } from './RescheduleForm';
import { TimeGrid } from './TimeGrid';
import { freeSlotsOf, gridSpan, type GridColumn } from './gridLayout';

/** What the panel above the grid shows: a booking, an appointment, or one being moved. */
type Panel =
  | { kind: 'book'; slot?: ChosenSlot }
  | { kind: 'appointment'; appointmentId: string }
  | { kind: 'move'; appointmentId: string; slot?: ChosenSlot }
  | null;

/**
 * The day (a column per doctor) or the week (a column per day) on the clinic's clock,
 * with the opening hours shaded and the free slots to tap: a tap books there, or moves
 * the appointment being moved there.
 */
export default function Calendar() {
  const { t } = useTranslation('appointments');
  const dayWords = useDayWords();
  const { db, actor } = useClinic();
  const organisation = useOrganisation();
  const doctors = useDoctors();
  const staff = useStaff();
  const zone = useClinicZone();
  const today = dayAt(Date.now(), zone);
  const [choice, setChoice] = useState<Omit<CalendarChoice, 'anchor'> & { anchor: Date | null }>(
    () => ({
      view: 'day',
      anchor: null,
      doctorId: actor.roles.includes('doctor') ? actor.userId : '',
      locationId: '',
      columns: 'doctor',
    }),
  );
  const anchor = choice.anchor ?? today;
  const [panel, setPanel] = useState<Panel>(null);
  const [message, setMessage] = useState<string | null>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const { view, doctorId, locationId } = choice;
  const { days, until } = daysShown(view, anchor);
  // A day either side: the index holds the text of the stored start, whatever its offset.
  const from = instantOn(addDays(days[0]!, -1), 0, zone);
  const to = instantOn(addDays(until, 1), 0, zone);
  const inRange =
    useLiveQuery(
      () =>
        db.appointments
          .where('starts_at')
          .between(new Date(from).toISOString(), new Date(to).toISOString())
          .sortBy('starts_at'),
      [db, from, to],
    ) ?? [];
  const panelId = panel && panel.kind !== 'book' ? panel.appointmentId : null;
  const opened = useLiveQuery(
    async () => (panelId ? ((await db.appointments.get(panelId)) ?? null) : null),
    [db, panelId],
  );
  const patientIds = [
    ...new Set([...inRange, ...(opened ? [opened] : [])].map((a) => a.patient_id)),
  ];
  const patients = useLiveQuery(() => db.patients.bulkGet(patientIds), [db, patientIds.join()]);
  const people = new Map(
    (patients ?? []).flatMap((patient) => (patient ? [[patient.patient_id, patient]] : [])),
  );
  const names = new Map(
    [...people.values()].map((patient) => [patient.patient_id, patient.full_name]),
  );
  const now = Date.now();
  const moving = panel?.kind === 'move' ? (opened ?? null) : null;

  useEffect(() => {
    if (panel) panelRef.current?.scrollIntoView({ block: 'start' });
  }, [panel]);

  const shown = (appointment: AppointmentRow) =>
    (!locationId || appointment.location_id === locationId) &&
    days.some((day) => startingOn([appointment], day, zone).length > 0);
  const onGrid = inRange.filter(
    (appointment) => shown(appointment) && holdsDoctorsTime(appointment.status),
  );
  const offGrid = inRange.filter(
    (appointment) => shown(appointment) && !holdsDoctorsTime(appointment.status),
  );
  const free = (day: Date, doctor: string) =>
    freeSlotsOf({
      day,
      doctorId: doctor,
      organisation,
      zone,
      durationMinutes:
        moving?.duration_minutes ?? organisation?.settings.default_slot_minutes ?? 15,
      appointments: inRange,
      now,
      movingId: moving?.appointment_id,
    });

  // The week shows one doctor's free slots: the one chosen, or the clinic's only doctor.
  const weekDoctor = doctorId || (doctors.length === 1 ? doctors[0]!.user_id : '');
  const dayDoctors = [
    ...(doctorId ? doctors.filter((doctor) => doctor.user_id === doctorId) : doctors).map(
      (doctor) => doctor.user_id,
    ),
    // Appointments of someone no longer listed as a doctor still show.
    ...onGrid.map((appointment) => appointment.doctor_id),
  ].filter((id, index, all) => all.indexOf(id) === index && (!doctorId || id === doctorId));
  const locations = (organisation?.locations ?? [])
    .filter((location) => !locationId || location.location_id === locationId)
    .map((location) => ({ id: location.location_id, name: location.name }));
  const byLocation = view === 'day' && choice.columns === 'location' && locations.length > 0;
  const columns: GridColumn[] = byLocation
    ? [
        ...locations,
        // Bookings made for no particular place still show.
        ...(onGrid.some((appointment) => appointment.location_id === null)
          ? [{ id: null, name: t('noLocation') }]
          : []),
      ].map((location) => ({
        key: location.id ?? 'none',
        day: anchor,
        doctorId: weekDoctor || null,
        doctorName: weekDoctor ? staffName(staff, weekDoctor) : null,
        location,
        appointments: onGrid.filter(
          (appointment) =>
            appointment.location_id === location.id &&
            (!doctorId || appointment.doctor_id === doctorId),
        ),
        free: weekDoctor ? free(anchor, weekDoctor) : [],
      }))
    : view === 'day'
      ? dayDoctors.map((doctor) => ({
          key: doctor,
          day: anchor,
          doctorId: doctor,
          doctorName: staffName(staff, doctor),
          appointments: onGrid.filter((appointment) => appointment.doctor_id === doctor),
          free: free(anchor, doctor),
        }))
      : days.map((day) => ({
          key: day.toISOString(),
          day,
          doctorId: weekDoctor || null,
          doctorName: weekDoctor ? staffName(staff, weekDoctor) : null,
          appointments: startingOn(onGrid, day, zone).filter(
            (appointment) => !doctorId || appointment.doctor_id === doctorId,
          ),
          free: weekDoctor ? free(day, weekDoctor) : [],
        }));
  const span = gridSpan(days, organisation?.settings.opening_hours ?? [], onGrid, zone);
  const mayBook = mayIssue(actor.roles, 'ScheduleAppointment');
  const openingHours = openingHoursOn(organisation, anchor);

  function tapFree(column: GridColumn, slot: FreeSlot) {
    const place = column.location ? column.location.id : locationId || undefined;
    const chosen: ChosenSlot = {
      doctorId: column.doctorId!,
      startsAt: Date.parse(slot.starts_at),
      ...(place !== undefined ? { locationId: place ?? '' } : {}),
    };
    if (moving) setPanel({ kind: 'move', appointmentId: moving.appointment_id, slot: chosen });
    else if (mayBook) setPanel({ kind: 'book', slot: chosen });
  }

  /** After a booking or a move, the calendar shows the day it went to, and it open. */
  function showBooked(appointmentId: string, startsAt: string) {
    const day = dayAt(Date.parse(startsAt), zone);
    setChoice((current) => ({ ...current, anchor: isSameDay(day, today) ? null : day }));
    setPanel({ kind: 'appointment', appointmentId });
  }

  return (
    <section aria-labelledby="calendar-title" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 id="calendar-title" className="text-2xl font-semibold">
          {t('calendar.title')}
        </h1>
        {mayBook && (
          <button
            type="button"
            className={buttonClass}
            onClick={() => setPanel(panel?.kind === 'book' ? null : { kind: 'book' })}
            aria-expanded={panel?.kind === 'book'}
          >
            {panel?.kind === 'book' ? t('calendar.closeBooking') : t('book.title')}
          </button>
        )}
      </div>
      <CalendarToolbar
        choice={{ ...choice, anchor }}
        today={today}
        onChange={(change) =>
          setChoice((current) => ({
            ...current,
            ...change,
            ...(change.anchor
              ? { anchor: isSameDay(change.anchor, today) ? null : change.anchor }
              : {}),
          }))
        }
      />
      <Feedback message={message} />
      <div ref={panelRef} className="scroll-mt-4">
        {panel?.kind === 'book' && (
          <BookAppointment
            key={panel.slot ? `${panel.slot.doctorId}:${panel.slot.startsAt}` : 'form'}
            defaultDate={anchor}
            slot={panel.slot}
            onBooked={(done, booked) => {
              setMessage(done);
              showBooked(booked.appointmentId, booked.startsAt);
            }}
          />
        )}
        {panel?.kind === 'appointment' && opened && (
          <div className="space-y-2">
            <ul aria-label={t('calendar.chosen')}>
              <AppointmentCard
                appointment={opened}
                patientName={names.get(opened.patient_id) ?? t('patientNotHere')}
                patientPhone={people.get(opened.patient_id)?.phone ?? null}
                now={now}
                zone={zone}
                onMove={() => setPanel({ kind: 'move', appointmentId: opened.appointment_id })}
              />
            </ul>
            <button type="button" className={secondaryButtonClass} onClick={() => setPanel(null)}>
              {t('common:close')}
            </button>
          </div>
        )}
        {moving && (
          <div
            className="rounded-xl bg-white p-4 shadow"
            role="region"
            aria-label={t('move.title')}
          >
            <h2 className="text-lg font-semibold">
              {t(names.has(moving.patient_id) ? 'move.heading' : 'move.headingNoName', {
                name: names.get(moving.patient_id),
                day: dayWords.long(dayAt(Date.parse(moving.starts_at), zone)),
                time: timeRange(moving, zone),
              })}
            </h2>
            <p className="text-slate-700">{t('move.tapOrGive')}</p>
            <RescheduleForm
              key={panel?.kind === 'move' && panel.slot ? panel.slot.startsAt : 'now'}
              appointment={moving}
              slot={panel?.kind === 'move' ? panel.slot : undefined}
              onDone={(moved) => {
                if (!moved)
                  return setPanel({ kind: 'appointment', appointmentId: moving.appointment_id });
                setMessage(
                  names.has(moving.patient_id)
                    ? t('move.moved', { name: names.get(moving.patient_id) })
                    : t('move.movedNoName'),
                );
                showBooked(moving.appointment_id, moved.startsAt);
              }}
            />
          </div>
        )}
      </div>
      {view === 'day' && (
        <h2 className="text-lg font-semibold">
          {dayWords.long(anchor)}{' '}
          <span className="text-base font-normal text-slate-700">
            {openingHours ? t('calendar.open', { hours: openingHours }) : t('calendar.closed')}
          </span>
        </h2>
      )}
      {(view === 'week' || byLocation) && !weekDoctor && (
        <p className="text-slate-700">{t('calendar.chooseDoctor')}</p>
      )}
      <TimeGrid
        view={view}
        columns={columns}
        span={span}
        organisation={organisation}
        zone={zone}
        names={names}
        selectedId={panelId}
        moving={moving !== null}
        onFree={tapFree}
        onOpen={(appointment) =>
          setPanel({ kind: 'appointment', appointmentId: appointment.appointment_id })
        }
        now={now}
        chosen={panel && panel.kind !== 'appointment' ? (panel.slot ?? null) : null}
      />
      {offGrid.length > 0 && (
        <div>
          <h2 className="font-semibold">{t('calendar.offGrid')}</h2>
          <ul className="mt-1 flex flex-wrap gap-2">
            {offGrid.map((appointment) => (
              <li key={appointment.appointment_id}>
                <button
                  type="button"
                  className={secondaryButtonClass}
                  onClick={() =>
                    setPanel({ kind: 'appointment', appointmentId: appointment.appointment_id })
                  }
                >
                  {t(view === 'week' ? 'calendar.offGridWeekItem' : 'calendar.offGridItem', {
                    day: dayWords.long(dayAt(Date.parse(appointment.starts_at), zone)),
                    time: timeRange(appointment, zone),
                    name: names.get(appointment.patient_id) ?? t('patientNotHere'),
                    status: t(
                      appointment.status === 'cancelled'
                        ? 'calendar.cancelledWord'
                        : 'calendar.didNotComeWord',
                    ),
                  })}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
