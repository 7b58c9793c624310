import {
  currentSchemaVersion,
  decideCommand,
  getDecider,
  uuidv7,
  type PushedCommand,
  type SessionResponse,
} from '@mymedic/shared';

/**
 * `count` registrations as a tablet pushes them, decided by the shared decider: MRNs
 * `<mrnPrefix>-000001` on from `firstSeq`, names `Patient <seq>`, the rest from `details`.
 */
export function registrations(
  session: SessionResponse,
  count: number,
  firstSeq: number,
  { mrnPrefix, details }: { mrnPrefix: string; details: Record<string, string> },
) {
  return Array.from({ length: count }, (_, index): PushedCommand => {
    const aggregateId = uuidv7();
    const issuedAt = new Date().toISOString();
    const payload = {
      mrn: `${mrnPrefix}-${String(firstSeq + index).padStart(6, '0')}`,
      full_name: `Patient ${firstSeq + index}`,
      ...details,
    };
    const events = decideCommand(
      { type: 'RegisterPatient', aggregate_type: 'patient', payload },
      getDecider('patient').initialState,
      {
        hospital_id: session.user.hospital_id,
        aggregate_id: aggregateId,
        actor: { user_id: session.user.user_id, roles: session.user.roles },
        issued_at: issuedAt,
      },
    );
    return {
      command_id: uuidv7(),
      client_seq: firstSeq + index,
      type: 'RegisterPatient',
      aggregate_type: 'patient',
      aggregate_id: aggregateId,
      expected_version: 0,
      payload,
      issued_at: issuedAt,
      events: events.map((event, offset) => ({
        event_id: uuidv7(),
        type: event.type,
        schema_version: currentSchemaVersion(event.type),
        version: 1 + offset,
        data: event.data,
      })),
    };
  });
}
