import { describe, expect, it } from 'vitest';
import { getCommandDefinition, knownCommandTypes } from './domain/registry';
import type { AggregateType } from './kernel/decider';
import { mayIssue } from './permissions';

const clinicalAggregates: AggregateType[] = [
  'appointment',
  'visit',
  'vitals',
  'note',
  'prescription',
  'document',
];

/**
 * Commands the server alone issues: what became of an appointment's reminders, and a
 * patient's requests from the portal or a reply to a reminder.
 */
const serverOnly = [
  'RecordReminderSent',
  'RecordReminderFailed',
  'RecordReminderDelivered',
  'RecordReminderRead',
  'RequestAppointmentCancellation',
  'RequestAppointmentMove',
];

describe('clinical permissions', () => {
  it("name at least one role for every clinical command but the server's own", () => {
    const clinicalCommands = knownCommandTypes().filter(
      (type) =>
        clinicalAggregates.includes(getCommandDefinition(type)!.aggregateType) &&
        !serverOnly.includes(type),
    );
    for (const type of serverOnly) {
      expect(getCommandDefinition(type)!.issuedBy, type).toEqual([]);
    }
    expect(clinicalCommands.length).toBeGreaterThan(20);
    for (const type of clinicalCommands) {
      expect(
        (['admin', 'doctor', 'nurse', 'receptionist'] as const).some((role) =>
          mayIssue(role, type),
        ),
        type,
      ).toBe(true);
    }
  });

  it('leave signing to doctors alone', () => {
    for (const type of ['SignNote', 'IssuePrescription']) {
      expect(mayIssue('doctor', type)).toBe(true);
      for (const role of ['admin', 'nurse', 'receptionist'] as const) {
        expect(mayIssue(role, type)).toBe(false);
      }
    }
  });

  it('let the front desk book and check in, and nurses triage and take vitals', () => {
    expect(mayIssue('receptionist', 'ScheduleAppointment')).toBe(true);
    expect(mayIssue('receptionist', 'MarkAppointmentNoShow')).toBe(true);
    expect(mayIssue('receptionist', 'CheckInPatient')).toBe(true);
    expect(mayIssue('receptionist', 'RecordVitals')).toBe(false);
    expect(mayIssue('nurse', 'RecordTriage')).toBe(true);
    expect(mayIssue('nurse', 'RecordVitals')).toBe(true);
    expect(mayIssue('nurse', 'RecordDiagnosis')).toBe(false);
    expect(mayIssue('admin', 'ScheduleAppointment')).toBe(true);
    expect(mayIssue('admin', 'RecordDiagnosis')).toBe(false);
  });
});
