import { decideCommand } from '@mymedic/shared';
import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../i18n/translatorFor';
import { confirmedByPhone, mayNoteConfirmedByPhone, patientAnswerLine } from './patientAnswer';

const t = await translatorFor('en', 'appointments');

const now = Date.parse('2026-12-01T08:00:00.000Z');
const booked = {
  status: 'scheduled' as const,
  starts_at: '2026-12-02T09:00:00.000Z',
  patient_response: null,
};

describe("the patient's answer on an appointment", () => {
  it('says nothing before the patient answered', () => {
    expect(patientAnswerLine(null, t)).toBeNull();
    expect(patientAnswerLine(undefined, t)).toBeNull();
  });

  it('tells a confirmation, and marks a request to cancel or move as one to act on', () => {
    const at = '2026-12-01T07:00:00.000Z';
    expect(patientAnswerLine({ kind: 'confirmed', via: 'whatsapp', at, note: null }, t)).toEqual({
      text: 'Patient confirmed (WhatsApp)',
      asksForAction: false,
    });
    expect(
      patientAnswerLine({ kind: 'cancellation_requested', via: 'whatsapp', at, note: null }, t),
    ).toEqual({ text: 'Patient asks to cancel (WhatsApp)', asksForAction: true });
    expect(
      patientAnswerLine({ kind: 'move_requested', via: 'portal', at, note: 'Friday morning' }, t),
    ).toEqual({
      text: 'Patient asks to move (the patient portal): Friday morning',
      asksForAction: true,
    });
  });

  it('offers "Confirmed by phone" to the front desk on a booked appointment still to come', () => {
    expect(mayNoteConfirmedByPhone(booked, ['receptionist'], now)).toBe(true);
    expect(mayNoteConfirmedByPhone(booked, ['nurse'], now)).toBe(false);
    expect(mayNoteConfirmedByPhone({ ...booked, status: 'cancelled' }, ['receptionist'], now)).toBe(
      false,
    );
    expect(
      mayNoteConfirmedByPhone(booked, ['receptionist'], Date.parse(booked.starts_at) + 1),
    ).toBe(false);
    const confirmed = {
      ...booked,
      patient_response: { kind: 'confirmed' as const, via: 'phone' as const, at: '', note: null },
    };
    expect(mayNoteConfirmedByPhone(confirmed, ['receptionist'], now)).toBe(false);
  });

  it('notes it as a confirmation by phone, which the shared decider accepts from reception', () => {
    const command = confirmedByPhone('0190a0b0-0000-7000-8000-0000000000a1');
    expect(command).toMatchObject({ type: 'ConfirmAppointment', payload: { via: 'phone' } });
    const events = decideCommand(
      command,
      {
        exists: true,
        status: 'scheduled',
        patient_id: '0190a0b0-0000-7000-8000-0000000000b1',
        doctor_id: '0190a0b0-0000-7000-8000-0000000000b2',
        location_id: null,
        starts_at: booked.starts_at,
        duration_minutes: 20,
        visit_type: 'follow_up',
        reason: 'Review',
        visit_id: null,
        reminders: [],
        patient_response: null,
      },
      {
        hospital_id: '0190a0b0-0000-7000-8000-0000000000f1',
        aggregate_id: command.aggregate_id,
        actor: { user_id: '0190a0b0-0000-7000-8000-0000000000c1', roles: ['receptionist'] },
        issued_at: new Date(now).toISOString(),
      },
    );
    expect(events).toEqual([
      {
        type: 'AppointmentConfirmed',
        data: { via: 'phone', confirmed_at: new Date(now).toISOString() },
      },
    ]);
  });
});
