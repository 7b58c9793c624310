import { refusal } from '@mymedic/shared';
// The app's instance, which says refusals (`sayRefusal`); the test gives it the refusals' words.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type {
  AppointmentRow,
  ConflictRecord,
  DocumentRow,
  VisitRow,
  VitalsRow,
} from '../../engine/db';
import { formatsFor } from '../../i18n/format';
import { translatorFor } from '../../i18n/translatorFor';
import englishErrors from '../../i18n/locales/en/errors.json';
import swahiliErrors from '../../i18n/locales/sw/errors.json';
import { deriveNotifications, type NotificationSources, type Wording } from './derive';

/** Worded as the screen words them in English, on a clinic's clock (UTC unless given). */
const english = { t: await translatorFor('en', 'notifications'), format: formatsFor('en', 'UTC') };

const doctor = '0190a0b0-0000-7000-8000-000000000001';
const nurse = '0190a0b0-0000-7000-8000-000000000002';
const reception = '0190a0b0-0000-7000-8000-000000000003';
const otherDoctor = '0190a0b0-0000-7000-8000-000000000004';
const jane = '0190a0b0-0000-7000-8000-000000000101';
const appointment = '0190a0b0-0000-7000-8000-000000000201';
const since = '2026-11-30T08:00:00.000Z';
const at = '2026-12-01T08:10:00.000Z';

const visit = (overrides: Partial<VisitRow> = {}): VisitRow => ({
  visit_id: '0190a0b0-0000-7000-8000-000000000301',
  status: 'waiting',
  patient_id: jane,
  appointment_id: appointment,
  doctor_id: null,
  location_id: null,
  checked_in_at: at,
  triage: null,
  consultation_started_at: null,
  diagnoses: [],
  treatment_plan: null,
  completed_at: null,
  checked_in_by: reception,
  triaged_by: null,
  version: 1,
  pending: 0,
  ...overrides,
});
const triaged = (by: string | null) =>
  visit({
    status: 'in_triage',
    triage: { priority: 'urgent', complaint: 'Chest pain', triaged_at: '2026-12-01T08:20:00.000Z' },
    triaged_by: by,
  });
const vitals = { visit_id: visit().visit_id } as VitalsRow;
const document = (by: string | null): DocumentRow => ({
  document_id: '0190a0b0-0000-7000-8000-000000000401',
  patient_id: jane,
  visit_id: null,
  category: 'lab_report',
  title: 'Full blood count',
  file_name: 'fbc.pdf',
  mime_type: 'application/pdf',
  size_bytes: 1000,
  sha256: 'a'.repeat(64),
  archived: 0,
  attached_by: by,
  attached_at: '2026-12-01T09:00:00.000Z',
  version: 1,
  pending: 0,
});
const conflict = (issuer: string): ConflictRecord => ({
  command_id: '0190a0b0-0000-7000-8000-000000000501',
  command: {
    command_id: '0190a0b0-0000-7000-8000-000000000501',
    client_seq: 1,
    type: 'UpdatePatientDetails',
    aggregate_type: 'patient',
    aggregate_id: jane,
    expected_version: 1,
    payload: {},
    issued_at: at,
    events: [],
    issued_by: { user_id: issuer, roles: ['doctor'] },
  },
  kind: 'conflict',
  error: { code: 'conflict', message: 'Phone changed on another device' },
  created_at: '2026-12-01T09:30:00.000Z',
  resolution: null,
});

const booked = (response: AppointmentRow['patient_response']): AppointmentRow => ({
  appointment_id: appointment,
  status: 'scheduled',
  patient_id: jane,
  doctor_id: doctor,
  location_id: null,
  starts_at: '2026-12-03T09:00:00.000Z',
  ends_at: '2026-12-03T09:20:00.000Z',
  duration_minutes: 20,
  visit_type: 'follow_up',
  reason: 'Review',
  visit_id: null,
  reminders: [],
  patient_response: response,
  version: 3,
  pending: 0,
});

const sources = (overrides: Partial<NotificationSources>): NotificationSources => ({
  me: doctor,
  roles: ['doctor'],
  since,
  visits: [],
  appointmentDoctors: new Map([[appointment, doctor]]),
  vitals: [],
  documents: [],
  myPatients: new Set([jane]),
  conflicts: [],
  patientNames: new Map([[jane, 'Jane Wanjiru']]),
  requests: [],
  ...overrides,
});
const kinds = (overrides: Partial<NotificationSources>) =>
  deriveNotifications(sources(overrides), english).map((notification) => notification.kind);

describe('notifications derived on the device', () => {
  it('tells the doctor of a check-in for their appointment, a triaged patient, a document and a refused change, newest first', () => {
    const derived = deriveNotifications(
      sources({
        visits: [visit(), { ...triaged(nurse), visit_id: '0190a0b0-0000-7000-8000-000000000302' }],
        vitals: [{ ...vitals, visit_id: '0190a0b0-0000-7000-8000-000000000302' }],
        documents: [document(nurse)],
        conflicts: [conflict(doctor)],
      }),
      english,
    );
    expect(derived.map((notification) => notification.kind)).toEqual([
      'conflict',
      'document',
      'ready_for_doctor',
      'checked_in',
    ]);
    expect(derived[2]).toMatchObject({
      text: 'Jane Wanjiru is triaged, vitals recorded, and ready for you',
      href: '/visits/0190a0b0-0000-7000-8000-000000000302',
    });
    expect(derived[3]!.text).toBe('Jane Wanjiru has checked in for your appointment');
  });

  it("words them in the person's language, times on the clinic's clock", async () => {
    const swahili: Wording = {
      t: await translatorFor('sw', 'notifications'),
      format: formatsFor('sw', 'Africa/Nairobi', 'KE'),
    };
    const [told] = deriveNotifications(sources({ visits: [visit()] }), swahili);
    expect(told!.text).toBe('Jane Wanjiru amefika kwa miadi yako');
  });

  it('says why a change of mine was refused in my language: a version conflict names its record', async () => {
    await i18next.init({
      lng: 'sw',
      fallbackLng: 'en',
      resources: { en: { errors: englishErrors }, sw: { errors: swahiliErrors } },
      interpolation: { escapeValue: false },
    });
    const swahili: Wording = {
      t: await translatorFor('sw', 'notifications'),
      format: formatsFor('sw', 'Africa/Nairobi', 'KE'),
    };
    // The language chosen on two tablets at once: the second to reach the server is refused.
    const language = conflict(doctor);
    language.command = {
      ...language.command,
      type: 'ChooseLanguage',
      aggregate_type: 'user',
      aggregate_id: doctor,
    };
    language.error = {
      code: 'conflict',
      ...refusal('kernel.changedElsewhere', { record: { key: 'record.user' } }),
    };
    const [told] = deriveNotifications(sources({ conflicts: [language] }), swahili);
    expect(told!.text).toBe(
      'Badiliko lako linahitaji uamuzi: Imebadilishwa wakati huo huo kwenye kifaa kingine: mtumiaji',
    );
  });

  it('names whose record it is, who made the change that came between and when, as far as the log knows', () => {
    const refused = conflict(doctor);
    const told = (context: {
      patientName: string | null;
      otherChange: { by: string | null; at: string | null } | null;
    }) =>
      deriveNotifications(
        sources({
          conflicts: [refused],
          conflictContexts: new Map([[refused.command_id, context]]),
        }),
        english,
      )[0]!.text;
    const change = { by: 'Achieng Otieno', at: '2026-12-01T09:12:00.000Z' };
    expect(told({ patientName: 'Jane Wanjiru', otherChange: change })).toBe(
      "A change of yours to Jane Wanjiru's record needs a decision: Phone changed on another device (changed by Achieng Otieno, Tue, Dec 1, 09:12)",
    );
    expect(told({ patientName: null, otherChange: change })).toBe(
      'A change of yours needs a decision: Phone changed on another device (changed by Achieng Otieno, Tue, Dec 1, 09:12)',
    );
    // An author the device does not know: the refusal alone, as before.
    expect(told({ patientName: 'Jane Wanjiru', otherChange: { by: null, at } })).toBe(
      "A change of yours to Jane Wanjiru's record needs a decision: Phone changed on another device",
    );
    expect(told({ patientName: null, otherChange: null })).toBe(
      'A change of yours needs a decision: Phone changed on another device',
    );
  });

  it('never tells a person of their own action', () => {
    expect(kinds({ visits: [visit({ checked_in_by: doctor })] })).toEqual([]);
    expect(kinds({ visits: [triaged(doctor)] })).toEqual([]);
    expect(kinds({ documents: [document(doctor)] })).toEqual([]);
    // Still pending on this tablet: no author in the log yet, so nobody is told.
    expect(
      kinds({ visits: [visit({ checked_in_by: null })], documents: [document(null)] }),
    ).toEqual([]);
  });

  it("tells nobody else: another doctor's patients, another's conflicts, old news", () => {
    const forOther = sources({ me: otherDoctor, myPatients: new Set() });
    expect(
      deriveNotifications(
        {
          ...forOther,
          visits: [visit(), triaged(nurse)],
          documents: [document(nurse)],
          conflicts: [conflict(doctor)],
        },
        english,
      ),
    ).toEqual([]);
    expect(kinds({ visits: [visit({ checked_in_at: '2026-11-29T08:00:00.000Z' })] })).toEqual([]);
    expect(kinds({ visits: [visit({ status: 'in_consultation' })] })).toEqual([]);
    expect(kinds({ documents: [{ ...document(nurse), archived: 1 }] })).toEqual([]);
    expect(
      kinds({
        conflicts: [
          {
            ...conflict(doctor),
            resolution: { choice: 'discard', resolved_at: at, user_id: doctor },
          },
        ],
      }),
    ).toEqual([]);
  });

  it('finds the doctor on the visit itself when it names one', () => {
    expect(kinds({ visits: [visit({ doctor_id: doctor, appointment_id: null })] })).toEqual([
      'checked_in',
    ]);
    expect(kinds({ visits: [visit({ doctor_id: otherDoctor })] })).toEqual([]);
  });

  it("tells the appointment's doctor and the front desk that a patient asks to cancel or move", () => {
    const asksToCancel = booked({
      kind: 'cancellation_requested',
      via: 'whatsapp',
      at: '2026-12-01T09:40:00.000Z',
      note: null,
    });
    const [told] = deriveNotifications(sources({ requests: [asksToCancel] }), english);
    expect(told).toMatchObject({
      kind: 'patient_request',
      at: '2026-12-01T09:40:00.000Z',
      href: `/patients/${jane}`,
    });
    expect(told!.text).toMatch(/^Jane Wanjiru asks to cancel the appointment of /);
    const asksToMove = booked({
      kind: 'move_requested',
      via: 'portal',
      at: '2026-12-01T09:40:00.000Z',
      note: 'Friday morning',
    });
    const atDesk = sources({ me: reception, roles: ['receptionist'], requests: [asksToMove] });
    expect(deriveNotifications(atDesk, english)[0]!.text).toMatch(
      /asks to move .*: Friday morning$/,
    );
    // Another doctor, a nurse, a confirmation, an old request, a closed appointment: nothing.
    expect(kinds({ me: otherDoctor, requests: [asksToCancel] })).toEqual([]);
    expect(kinds({ me: nurse, roles: ['nurse'], requests: [asksToCancel] })).toEqual([]);
    expect(
      kinds({
        requests: [booked({ kind: 'confirmed', via: 'whatsapp', at, note: null })],
      }),
    ).toEqual([]);
    expect(
      kinds({
        requests: [
          booked({
            kind: 'cancellation_requested',
            via: 'sms',
            at: '2026-11-29T08:00:00.000Z',
            note: null,
          }),
        ],
      }),
    ).toEqual([]);
    expect(kinds({ requests: [{ ...asksToCancel, status: 'cancelled' }] })).toEqual([]);
  });
});

describe('a value I saved, replaced by a colleague', () => {
  const change = (
    version: number,
    user: string,
    changes: Record<string, unknown>,
    when = '2026-12-01T10:00:00.000Z',
  ) => ({
    event_id: `0190a0b0-0000-7000-8000-0000000006${String(version).padStart(2, '0')}`,
    patient_id: jane,
    version,
    user_id: user,
    at: when,
    changes,
  });
  const staffNames = new Map([[nurse, 'Grace Achieng']]);

  it("says so once, with both values, who and when in the clinic's time", () => {
    const inNairobi: Wording = { ...english, format: formatsFor('en', 'Africa/Nairobi') };
    const derived = deriveNotifications(
      sources({
        staffNames,
        detailChanges: [
          change(3, nurse, { phone: '+254722000000' }, '2026-12-01T10:42:00.000Z'),
          change(2, doctor, { phone: '+254733333333', address: 'Kisumu' }),
        ],
      }),
      inNairobi,
    );
    expect(derived).toEqual([
      {
        id: `replaced:${change(3, nurse, {}).event_id}:phone`,
        kind: 'replaced',
        at: '2026-12-01T10:42:00.000Z',
        text: 'Jane Wanjiru: the phone you saved (+254733333333) is now +254722000000, changed by Grace Achieng at 13:42',
        href: `/patients/${jane}`,
      },
    ]);
  });

  it('says nothing of my own later change, of the same value again, of a change before mine, or of old news', () => {
    const none = (detailChanges: ReturnType<typeof change>[]) =>
      expect(kinds({ staffNames, detailChanges })).toEqual([]);
    none([change(2, doctor, { phone: '1' }), change(3, doctor, { phone: '2' })]);
    none([change(2, doctor, { phone: '1' }), change(3, nurse, { phone: '1' })]);
    none([change(2, nurse, { phone: '1' }), change(3, doctor, { phone: '2' })]);
    none([change(2, doctor, { phone: '1' }), change(3, nurse, { address: 'Kisumu' })]);
    none([
      change(2, doctor, { phone: '1' }, '2026-11-29T10:00:00.000Z'),
      change(3, nurse, { phone: '2' }, '2026-11-29T11:00:00.000Z'),
    ]);
  });
});
