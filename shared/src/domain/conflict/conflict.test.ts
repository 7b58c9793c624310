import { describe, expect, it } from 'vitest';
import { decideCommand } from '../registry';
import { given, janeDoctor, receptionistRavi } from '../../../test/given';

const refused = {
  command_id: '0190a0b0-0000-7000-8000-000000000901',
  command_type: 'UpdatePatientDetails',
  aggregate_type: 'patient',
  aggregate_id: '0190a0b0-0000-7000-8000-000000000902',
  refusal: 'conflict',
  error_code: 'conflict',
  error_message: 'Changed meanwhile on another device: phone',
  summary: 'phone: saw +254722000000, now +254744444444, wanted +254733333333',
} as const;

describe('resolving a conflict', () => {
  it('records the choice, who made it and when', () => {
    given('conflict')
      .when(
        'RecordConflictResolution',
        { ...refused, choice: 'discard', follow_up_command_id: null },
        { actor: receptionistRavi },
      )
      .then([
        {
          type: 'ConflictResolved',
          data: {
            ...refused,
            choice: 'discard',
            follow_up_command_id: null,
            resolved_by: receptionistRavi.user_id,
            resolved_at: '2026-11-24T09:30:00.000Z',
          },
        },
      ]);
  });

  it('names the command that carried out a redo or a merge', () => {
    given('conflict')
      .when('RecordConflictResolution', { ...refused, choice: 'merge', follow_up_command_id: null })
      .thenThrows('validation', /names the command/);
    given('conflict')
      .when('RecordConflictResolution', {
        ...refused,
        choice: 'redo',
        follow_up_command_id: '0190a0b0-0000-7000-8000-000000000903',
      })
      .then([
        {
          type: 'ConflictResolved',
          data: {
            ...refused,
            choice: 'redo',
            follow_up_command_id: '0190a0b0-0000-7000-8000-000000000903',
            resolved_by: janeDoctor.user_id,
            resolved_at: '2026-11-24T09:30:00.000Z',
          },
        },
      ]);
  });

  it('refuses a second resolution of the same conflict and an unknown choice', () => {
    const first = given('conflict')
      .when('RecordConflictResolution', {
        ...refused,
        choice: 'discard',
        follow_up_command_id: null,
      })
      .events();
    given('conflict', first)
      .when('RecordConflictResolution', {
        ...refused,
        choice: 'discard',
        follow_up_command_id: null,
      })
      .thenThrows('illegal_state', /already resolved/);
    given('conflict')
      .when('RecordConflictResolution', {
        ...refused,
        choice: 'ignore',
        follow_up_command_id: null,
      })
      .thenThrows('validation', /Choose redo, merge, discard or keep both/);
  });

  it('is open to every role', () => {
    expect(() =>
      decideCommand(
        {
          type: 'RecordConflictResolution',
          aggregate_type: 'conflict',
          payload: { ...refused, choice: 'discard', follow_up_command_id: null },
        },
        { resolution: null },
        {
          hospital_id: '0190a0b0-0000-7000-8000-000000000001',
          aggregate_id: '0190a0b0-0000-7000-8000-000000000904',
          actor: { user_id: receptionistRavi.user_id, roles: ['receptionist'] },
          issued_at: '2026-11-24T09:30:00.000Z',
        },
      ),
    ).not.toThrow();
  });
});
