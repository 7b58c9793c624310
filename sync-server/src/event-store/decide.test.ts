import { describe, expect, it } from 'vitest';
import { decideOnServer } from './decide';

const admin = { user_id: '01930f4e-8a3b-7c11-9a2e-5f1d2c3b4a01', roles: ['admin'] as const };

describe('decideOnServer', () => {
  it('refuses a strict record changed meanwhile with a key, in the English older apps read', () => {
    const decision = decideOnServer(
      {
        command_id: '01930f4e-8a3b-7c11-9a2e-5f1d2c3b4a50',
        client_seq: 1,
        type: 'ChangeHospitalSettings',
        aggregate_type: 'hospital',
        aggregate_id: '01930f4e-8a3b-7c11-9a2e-5f1d2c3b4a51',
        expected_version: 1,
        payload: { name: 'Hillside Clinic' },
        issued_at: '2026-12-01T09:00:00.000Z',
      },
      { aggregateType: 'hospital', version: 3, state: {} },
      { actor: admin, hospitalId: '01930f4e-8a3b-7c11-9a2e-5f1d2c3b4a51', timeZone: 'UTC' },
    );
    expect(decision).toEqual({
      status: 'conflict',
      error: {
        code: 'conflict',
        message: 'This hospital changed on another device meanwhile',
        key: 'kernel.changedElsewhere',
        values: { record: { key: 'record.hospital' } },
        details: { expected_version: 1, current_version: 3 },
      },
    });
  });
});
