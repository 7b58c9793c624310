import {
  currentSchemaVersion,
  findOverlaps,
  foldEvents,
  holdsDoctorsTime,
  instant,
  refusal,
  rescheduleAppointmentPayload,
  scheduleAppointmentPayload,
  upcastEventOf,
  type AggregateType,
  type DomainEvent,
  type EventOf,
  type ErrorBody,
  type RefusalValues,
} from '@mymedic/shared';
import type { Sql } from '../db/database';
import type { BatchCheck, BatchGuard, Refusal } from '../event-store/batch-guard';
import type { CommandToAppend, StreamState } from '../event-store/decide';
import {
  evolveAppointmentRow,
  readAppointments,
  type AppointmentRow,
  type DiaryWindow,
} from './appointments';

interface Booking {
  appointment_id: string;
  doctor_id: string;
  starts_at: string;
  duration_minutes: number;
}

const endOf = (booking: Pick<Booking, 'starts_at' | 'duration_minutes'>) =>
  instant(booking.starts_at) + booking.duration_minutes * 60_000;

/** A decided appointment event as its aggregate's typed union (decided at the current version). */
const appointmentEvent = (event: DomainEvent): EventOf<'appointment'> =>
  upcastEventOf('appointment', {
    type: event.type,
    schema_version: currentSchemaVersion(event.type),
    data: event.data,
  });

/** The doctor an existing appointment's folded state names, if any. */
const doctorOf = (state: unknown): string | undefined =>
  typeof state === 'object' &&
  state !== null &&
  'doctor_id' in state &&
  typeof state.doctor_id === 'string'
    ? state.doctor_id
    : undefined;

/**
 * The slot a command asks for, read from its payload before it is decided, so that the
 * batch's diaries load in one query. A guess: the decided slot is what counts, and a
 * slot the guess missed is read when it comes.
 */
function wantedSlot(command: CommandToAppend, stream: StreamState | undefined) {
  if (command.type === 'ScheduleAppointment') {
    const parsed = scheduleAppointmentPayload.safeParse(command.payload);
    return parsed.success ? parsed.data : null;
  }
  if (command.type === 'RescheduleAppointment') {
    const parsed = rescheduleAppointmentPayload.safeParse(command.payload);
    if (!parsed.success) return null;
    const doctorId = parsed.data.doctor_id ?? doctorOf(stream?.state);
    return doctorId ? { ...parsed.data, doctor_id: doctorId } : null;
  }
  return null;
}

/** The stretch of the doctor's diary a slot needs to see. */
const windowOf = (slot: Omit<Booking, 'appointment_id'>): DiaryWindow => ({
  doctor_id: slot.doctor_id,
  from: new Date(instant(slot.starts_at)).toISOString(),
  to: new Date(endOf(slot)).toISOString(),
});

/** Whether a row holds its doctor's time: the shared rule, and not booked as an overbooking. */
const holdsTime = (row: AppointmentRow) =>
  holdsDoctorsTime(row.status) && !row.overbooking_intended;

/**
 * No doctor is booked twice at once (docs/protocol.md, "the double-booking check"): a
 * booking that would overlap a booked appointment of the same doctor is a conflict,
 * unless it was made with `overbooking_intended`. The read model's exclusion constraint
 * catches what a concurrent push booked meanwhile.
 */
export const doubleBookingGuard: BatchGuard = {
  name: 'double-booking',
  watches: new Set<AggregateType>(['appointment']),
  open: (sql, hospitalId, commands, streams) => BatchDiary.load(sql, hospitalId, commands, streams),
};

/**
 * The doctors' diaries one batch books into: the booked appointments around the batch's
 * wanted slots and every appointment the batch touches, read in one query before
 * deciding, then kept current with the batch's own accepted commands, so a batch sees
 * the bookings it made itself.
 */
class BatchDiary implements BatchCheck {
  private doctorNames = new Map<string, string | null>();
  private timeZone: string | undefined;

  private constructor(
    private readonly sql: Sql,
    private readonly hospitalId: string,
    private readonly appointments: Map<string, AppointmentRow>,
    private readonly windows: DiaryWindow[],
  ) {}

  static async load(
    sql: Sql,
    hospitalId: string,
    commands: CommandToAppend[],
    streams: ReadonlyMap<string, StreamState>,
  ): Promise<BatchDiary> {
    const windows = commands.flatMap((command) => {
      const slot = wantedSlot(command, streams.get(command.aggregate_id));
      return slot ? [windowOf(slot)] : [];
    });
    const appointments = await readAppointments(sql, hospitalId, {
      ids: [...new Set(commands.map((command) => command.aggregate_id))],
      heldIn: windows,
    });
    return new BatchDiary(sql, hospitalId, appointments, windows);
  }

  /**
   * A `conflict` when the decided events would double-book a booked appointment (the
   * earliest); a booking made with `overbooking_intended` clashes with nothing.
   */
  async refusal(command: CommandToAppend, events: DomainEvent[]): Promise<Refusal | null> {
    const booking = events
      .map(appointmentEvent)
      .findLast(
        (event) => event.type === 'AppointmentScheduled' || event.type === 'AppointmentRescheduled',
      );
    if (!booking || booking.data.overbooking_intended) return null;
    const candidate: Booking = {
      appointment_id: command.aggregate_id,
      doctor_id: booking.data.doctor_id,
      starts_at: booking.data.starts_at,
      duration_minutes: booking.data.duration_minutes,
    };
    await this.cover(candidate);
    const held = [...this.appointments.values()].filter(holdsTime);
    const clash = findOverlaps(candidate, held)[0];
    return clash ? { status: 'conflict', error: await this.conflictWith(clash) } : null;
  }

  accept(command: CommandToAppend, events: DomainEvent[]) {
    const appointmentId = command.aggregate_id;
    for (const event of events) {
      const row = evolveAppointmentRow(
        this.appointments.get(appointmentId),
        appointmentId,
        appointmentEvent(event),
      );
      if (row) this.appointments.set(appointmentId, row);
    }
  }

  /** Reads the doctor's diary around a slot the first query did not cover. */
  private async cover(booking: Booking) {
    const from = instant(booking.starts_at);
    const to = endOf(booking);
    const covered = this.windows.some(
      (window) =>
        window.doctor_id === booking.doctor_id &&
        instant(window.from) <= from &&
        to <= instant(window.to),
    );
    if (covered) return;
    const window = windowOf(booking);
    const found = await readAppointments(this.sql, this.hospitalId, { heldIn: [window] });
    // What the batch already holds is newer than the table.
    for (const [id, row] of found) if (!this.appointments.has(id)) this.appointments.set(id, row);
    this.windows.push(window);
  }

  /** The `conflict` for a booking refused because of `clash`, on the clinic's clock, said in any language. */
  private async conflictWith(clash: AppointmentRow): Promise<ErrorBody> {
    const doctor = await this.doctorName(clash.doctor_id);
    const timeZone = await this.clinicTimeZone();
    const slot = slotValues(clash, timeZone);
    return {
      code: 'conflict',
      ...(doctor
        ? refusal('appointment.slotTaken', { doctor, ...slot })
        : refusal('appointment.doctorsSlotTaken', slot)),
      details: {
        clashes_with: {
          appointment_id: clash.appointment_id,
          patient_id: clash.patient_id,
          doctor_id: clash.doctor_id,
          starts_at: clash.starts_at,
          duration_minutes: clash.duration_minutes,
        },
      },
    };
  }

  private async doctorName(doctorId: string) {
    if (!this.doctorNames.has(doctorId)) {
      const { rows } = await this.sql.query<{ full_name: string }>(
        'SELECT full_name FROM users WHERE hospital_id = $1 AND user_id = $2',
        [this.hospitalId, doctorId],
      );
      const name = rows[0]?.full_name ?? null;
      this.doctorNames.set(doctorId, name && !/^dr\b/i.test(name) ? `Dr ${name}` : name);
    }
    return this.doctorNames.get(doctorId)!;
  }

  private async clinicTimeZone() {
    if (this.timeZone === undefined) {
      const { rows } = await this.sql.query<{
        type: string;
        schema_version: number;
        data: unknown;
      }>(
        `SELECT type, schema_version, data FROM event_store
          WHERE hospital_id = $1 AND aggregate_id = $1 ORDER BY version`,
        [this.hospitalId],
      );
      const hospital = rows.length > 0 ? foldEvents('hospital', rows) : undefined;
      this.timeZone = hospital?.settings?.timezone ?? 'UTC';
    }
    return this.timeZone;
  }
}

/**
 * The values a taken slot's refusal names, on the clinic's clock (UTC when the zone is
 * unknown): its day, written the reader's way, and "13:00"–"13:20", which every language
 * of the app writes alike (docs/i18n.md, "Refusals").
 */
function slotValues(
  slot: Pick<Booking, 'starts_at' | 'duration_minutes'>,
  timeZone: string,
): RefusalValues {
  const inZone = (zone: string) => {
    const parts = (at: number) => {
      const found = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).formatToParts(at);
      const part = (type: Intl.DateTimeFormatPartTypes) =>
        found.find((candidate) => candidate.type === type)?.value ?? '';
      return {
        day: `${part('year')}-${part('month')}-${part('day')}`,
        time: `${part('hour')}:${part('minute')}`,
      };
    };
    const start = parts(instant(slot.starts_at));
    return { day: { day: start.day }, from: start.time, to: parts(endOf(slot)).time, zone };
  };
  try {
    return inZone(timeZone);
  } catch {
    return inZone('UTC');
  }
}
