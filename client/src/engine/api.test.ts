import { uuidv7 } from '@mymedic/shared';
import { describe, expect, it } from 'vitest';
import { ApiError, SyncApi } from './api';

/** A server that answers every request with this status and body. */
const answering = (status: number, body: unknown) =>
  new SyncApi(
    'http://server.test',
    { token: 't', refresh_token: 'r' },
    () => undefined,
    () =>
      Promise.resolve(
        new Response(typeof body === 'string' ? body : JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json' },
        }),
      ),
  );

const refusalOf = async (request: Promise<unknown>) => {
  const error: unknown = await request.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
};

const envelope = {
  event_id: uuidv7(),
  hospital_id: uuidv7(),
  aggregate_type: 'patient',
  aggregate_id: uuidv7(),
  version: 1,
  type: 'PatientRegistered',
  schema_version: 1,
  data: { full_name: 'Jane Wanjiru' },
  meta: {
    user_id: uuidv7(),
    device_id: 'tablet-1',
    command_id: uuidv7(),
    issued_at: '2026-01-01T08:00:00.000Z',
  },
  position: 7,
  stored_at: '2026-01-01T08:00:01.000Z',
};

describe('the answers of the sync server', () => {
  it('are read when they match the contract', async () => {
    const page = await answering(200, { events: [envelope], head: 7, has_more: false }).pull(0);
    expect(page.events[0]).toEqual(envelope);
  });

  it('are refused as unexpected_answer when they do not', async () => {
    const malformed = [
      { events: [{ ...envelope, position: 'seven' }], head: 7, has_more: false },
      { events: [{ ...envelope, meta: undefined }], head: 7, has_more: false },
      { events: [], head: 7 },
      'not json at all',
      null,
    ];
    for (const body of malformed) {
      const error = await refusalOf(answering(200, body).pull(0));
      expect(error.body?.code).toBe('unexpected_answer');
      expect(error.status).toBe(200);
    }
    const push = await refusalOf(
      answering(200, { results: [{ command_id: 'x', status: 'accepted' }] }).push('tablet-1', []),
    );
    expect(push.body?.code).toBe('unexpected_answer');
    const session = await refusalOf(
      answering(200, { token: 't' }).login('a@b.c', 'pw', 'tablet-1'),
    );
    expect(session.body?.code).toBe('unexpected_answer');
  });

  it('keep the server words of a refusal, and none that do not match its shape', async () => {
    const refused = await refusalOf(
      answering(409, { error: { code: 'conflict', message: 'Taken' } }).pull(0),
    );
    expect(refused.body).toEqual({ code: 'conflict', message: 'Taken' });
    const odd = await refusalOf(answering(502, { error: 'Bad gateway' }).pull(0));
    expect(odd.status).toBe(502);
    expect(odd.body).toBeNull();
  });
});
