import {
  conflictChoices,
  isDomainError,
  mayIssue,
  uuidv7,
  type AggregateType,
  type ConflictChoice,
} from '@mymedic/shared';
import { fieldConflicts, resolveConflict } from '../../src/engine/conflicts';
import fc from 'fast-check';
import type { CommandInput } from '../../src/engine/execute';
import type { FaultRates } from './fault-proxy';
import type { Tablet } from './tablet';

/**
 * The clinic's day as the property plays it: clinical commands on tablets, sync rounds
 * in the background, tablets going offline, clocks jumping, the server killed and its
 * database connections cut. Patients and appointments are picked from small pools so
 * that tablets keep touching the same records.
 */

const patientPool = 5;
const appointmentPool = 4;

export const detailValues = {
  full_name: ['Amani Otieno', 'Amani Otieno-Kamau', 'Amani K. Otieno'],
  phone: ['+254 700 000001', '+254 711 000002', null],
  preferred_language: ['sw', 'en', null],
  national_id: ['12345678', '87654321', null],
  address: [
    {
      line1: 'Plot 12',
      village: 'Kiambu',
      landmark: 'Behind the market',
      city: null,
      state: null,
      postal_code: null,
    },
    {
      line1: null,
      village: 'Limuru',
      landmark: null,
      city: 'Kiambu',
      state: null,
      postal_code: null,
    },
    null,
  ],
} as const;
type DetailField = keyof typeof detailValues;
const detailFields = Object.keys(detailValues) as DetailField[];

const substances = ['Penicillin', 'Sulfonamides', 'Peanuts', 'Latex'];
const readings = [
  { systolic: 118, diastolic: 76, pulse: 72 },
  { systolic: 142, diastolic: 91, pulse: 88, temperature_c: 37.9 },
  { spo2: 94, respiratory_rate: 22 },
  { weight_kg: 61.5, height_cm: 164 },
];

export type ClinicalCommand =
  | { type: 'RegisterPatient'; patient: number }
  | { type: 'UpdatePatientDetails'; patient: number; changes: [DetailField, number][] }
  | { type: 'RecordConsent'; patient: number }
  | { type: 'WithdrawConsent'; patient: number; which: number }
  | { type: 'RecordAllergy'; patient: number; substance: number }
  | { type: 'ArchivePatient'; patient: number }
  | { type: 'RecordVitals'; patient: number; reading: number }
  | {
      type: 'ScheduleAppointment';
      appointment: number;
      patient: number;
      slot: number;
      duration: number;
    }
  | { type: 'RescheduleAppointment'; appointment: number; slot: number; duration: number }
  | { type: 'CancelAppointment'; appointment: number };

export type Step =
  | { kind: 'command'; tablet: number; command: ClinicalCommand }
  /** Starts a sync round in the background (the tablet keeps working meanwhile). */
  | { kind: 'sync'; tablet: number }
  /** Waits for the tablet's round in progress. */
  | { kind: 'settle'; tablet: number }
  | { kind: 'offline'; tablet: number; offline: boolean }
  | { kind: 'clock'; tablet: number; jumpMinutes: number }
  | { kind: 'wait'; milliseconds: number }
  /** The person settles one of the tablet's open conflicts (redo, merge, discard, keep both). */
  | { kind: 'resolve'; tablet: number; which: number; choice: ConflictChoice; pick: number }
  | { kind: 'killServer' }
  | { kind: 'cutDatabase' };

const patient = fc.nat(patientPool - 1);
const appointment = fc.nat(appointmentPool - 1);
const slot = fc.nat(5);
const duration = fc.constantFrom(30, 45);

const clinicalCommand: fc.Arbitrary<ClinicalCommand> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('RegisterPatient' as const), patient }) },
  {
    weight: 8,
    arbitrary: fc.record({
      type: fc.constant('UpdatePatientDetails' as const),
      patient,
      changes: fc.uniqueArray(fc.tuple(fc.constantFrom(...detailFields), fc.nat(2)), {
        minLength: 1,
        maxLength: 2,
        selector: ([field]) => field,
      }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('RecordConsent' as const), patient }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('WithdrawConsent' as const),
      patient,
      which: fc.nat(3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RecordAllergy' as const),
      patient,
      substance: fc.nat(substances.length - 1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('ArchivePatient' as const), patient }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RecordVitals' as const),
      patient,
      reading: fc.nat(readings.length - 1),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('ScheduleAppointment' as const),
      appointment,
      patient,
      slot,
      duration,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RescheduleAppointment' as const),
      appointment,
      slot,
      duration,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('CancelAppointment' as const), appointment }),
  },
);

/** A day of `length` steps on `tablets` tablets. */
export const clinicDay = (tablets: number, length: number): fc.Arbitrary<Step[]> => {
  const tablet = fc.nat(tablets - 1);
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 120,
      arbitrary: fc.record({
        kind: fc.constant('command' as const),
        tablet,
        command: clinicalCommand,
      }),
    },
    { weight: 60, arbitrary: fc.record({ kind: fc.constant('sync' as const), tablet }) },
    { weight: 20, arbitrary: fc.record({ kind: fc.constant('settle' as const), tablet }) },
    {
      weight: 10,
      arbitrary: fc.record({
        kind: fc.constant('offline' as const),
        tablet,
        offline: fc.boolean(),
      }),
    },
    {
      weight: 10,
      arbitrary: fc.record({
        kind: fc.constant('clock' as const),
        tablet,
        // Back or forward by up to a fortnight, or right again.
        jumpMinutes: fc.oneof(fc.integer({ min: -20_160, max: 20_160 }), fc.constant(0)),
      }),
    },
    {
      weight: 30,
      arbitrary: fc.record({
        kind: fc.constant('wait' as const),
        milliseconds: fc.integer({ min: 1, max: 120 }),
      }),
    },
    {
      weight: 10,
      arbitrary: fc.record({
        kind: fc.constant('resolve' as const),
        tablet,
        which: fc.nat(5),
        choice: fc.constantFrom(...conflictChoices),
        pick: fc.nat(2),
      }),
    },
    { weight: 3, arbitrary: fc.constant({ kind: 'killServer' as const }) },
    { weight: 5, arbitrary: fc.constant({ kind: 'cutDatabase' as const }) },
  );
  return fc.array(step, { minLength: Math.ceil(length * 0.6), maxLength: length });
};

/** How many events a pull brings at most this run: the server's default, or a few. */
export const pullPageLimit = fc.constantFrom<number | null>(null, null, 4, 1);

/** How hard the network is this run: from calm to very bad, each fault on its own dial. */
export const faultRates: fc.Arbitrary<FaultRates> = fc.record({
  dropRequest: fc.constantFrom(0, 0.05, 0.15),
  dropResponse: fc.constantFrom(0, 0.05, 0.15),
  errorAfterCommit: fc.constantFrom(0, 0.05, 0.1),
  duplicate: fc.constantFrom(0, 0.05, 0.15),
  delay: fc.constantFrom(0, 0.1, 0.3),
  killMidPush: fc.constantFrom(0.02, 0.05, 0.1),
  cutDatabase: fc.constantFrom(0, 0.02, 0.05),
});

/** The ids behind the pools of one run, and who the doctor is. */
export interface RunIds {
  patients: string[];
  appointments: string[];
  doctorId: string;
}

const slotStart = (slotIndex: number) =>
  new Date(Date.UTC(2027, 2, 1, 9, 0) + slotIndex * 30 * 60_000).toISOString();

/** What a tablet's screen would send for a step, on what the tablet shows now; null when it shows nothing to act on. */
async function commandInput(
  tablet: Tablet,
  ids: RunIds,
  command: ClinicalCommand,
): Promise<CommandInput | null> {
  const onPatient = (index: number, type: string, payload: Record<string, unknown>) => ({
    type,
    aggregate_type: 'patient' as AggregateType,
    aggregate_id: ids.patients[index]!,
    payload,
  });
  const onAppointment = (index: number, type: string, payload: Record<string, unknown>) => ({
    type,
    aggregate_type: 'appointment' as AggregateType,
    aggregate_id: ids.appointments[index]!,
    payload,
  });
  switch (command.type) {
    case 'RegisterPatient':
      return onPatient(command.patient, command.type, {
        mrn: `HC-${tablet.name}-${ids.patients[command.patient]!.slice(-6).toUpperCase()}`,
        full_name: detailValues.full_name[0],
        date_of_birth: '1984-03-12',
        gender: 'female',
        phone: detailValues.phone[0],
      });
    case 'UpdatePatientDetails': {
      const row = await tablet.db.patients.get(ids.patients[command.patient]!);
      if (!row) return null;
      const changes = Object.fromEntries(
        command.changes.map(([field, value]) => [
          field,
          { from: row[field] ?? null, to: detailValues[field][value] },
        ]),
      );
      return onPatient(command.patient, command.type, { changes });
    }
    case 'RecordConsent':
      return onPatient(command.patient, command.type, {
        consent_id: uuidv7(),
        consent_type: 'treatment',
        scope: 'Care at Hillside Clinic',
      });
    case 'WithdrawConsent': {
      const row = await tablet.db.patients.get(ids.patients[command.patient]!);
      const consent = row?.consents[command.which % Math.max(1, row.consents.length)];
      if (!consent) return null;
      return onPatient(command.patient, command.type, {
        consent_id: consent.consent_id,
        reason: 'Asked to stop',
      });
    }
    case 'RecordAllergy':
      return onPatient(command.patient, command.type, {
        allergy_id: uuidv7(),
        substance: substances[command.substance],
        reaction: 'Rash and itching',
        severity: 'moderate',
      });
    case 'ArchivePatient':
      return onPatient(command.patient, command.type, { reason: 'Registered twice' });
    case 'RecordVitals':
      return {
        type: command.type,
        aggregate_type: 'vitals',
        aggregate_id: uuidv7(),
        payload: { patient_id: ids.patients[command.patient], ...readings[command.reading] },
      };
    case 'ScheduleAppointment':
      return onAppointment(command.appointment, command.type, {
        patient_id: ids.patients[command.patient],
        doctor_id: ids.doctorId,
        starts_at: slotStart(command.slot),
        duration_minutes: command.duration,
        visit_type: 'follow_up',
        reason: 'Blood pressure review',
      });
    case 'RescheduleAppointment':
      return onAppointment(command.appointment, command.type, {
        starts_at: slotStart(command.slot),
        duration_minutes: command.duration,
      });
    case 'CancelAppointment':
      return onAppointment(command.appointment, command.type, { reason: 'Travelling upcountry' });
  }
}

export type CommandOutcome = 'queued' | 'refused' | 'unchanged' | 'nothing to act on';

/**
 * Runs a clinical command on the first tablet (from the step's) whose person may issue
 * it, as its screen would. A refusal by the decider is what the screen shows as an
 * error: nothing is written.
 */
export async function runCommand(
  tablets: Tablet[],
  index: number,
  ids: RunIds,
  command: ClinicalCommand,
): Promise<CommandOutcome> {
  const tablet = [...tablets.slice(index), ...tablets.slice(0, index)].find((candidate) =>
    mayIssue(candidate.roles, command.type),
  );
  if (!tablet) return 'nothing to act on';
  const input = await commandInput(tablet, ids, command);
  if (!input) return 'nothing to act on';
  try {
    return (await tablet.execute(input)) ? 'queued' : 'unchanged';
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return 'refused';
  }
}

/**
 * Settles one open conflict as the inbox would: redo (the wanted values, or the payload
 * again), merge (a value from the list for each field), keep both (a booking kept as an
 * intended overbooking) or discard. A choice the decider refuses changes nothing.
 */
export async function settleConflict(
  tablet: Tablet,
  step: Extract<Step, { kind: 'resolve' }>,
): Promise<CommandOutcome> {
  const open = (await tablet.db.conflicts.orderBy('created_at').toArray()).filter(
    (conflict) => conflict.resolution === null,
  );
  const conflict = open[step.which % Math.max(1, open.length)];
  if (!conflict) return 'nothing to act on';
  const fields = fieldConflicts(conflict);
  const merged =
    step.choice === 'merge'
      ? Object.fromEntries(
          fields.map((field) => [
            field.field,
            field.field in detailValues
              ? detailValues[field.field as DetailField][step.pick]
              : field.wanted,
          ]),
        )
      : step.choice === 'keep_both'
        ? { overbooking_intended: true }
        : {};
  const before = new Set(await tablet.db.outbox.toCollection().primaryKeys());
  try {
    await resolveConflict(tablet.db, tablet.actor, conflict, step.choice, merged);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return 'refused';
  }
  for (const command of await tablet.db.outbox.toArray())
    if (!before.has(command.command_id)) tablet.issued.set(command.command_id, command.type);
  return 'queued';
}
