import { compactEventOf, uuidv7, type EventEnvelope } from '@mymedic/shared';
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

/** The envelope as a compact page carries it. */
const compactPage = (events: unknown[], more: Record<string, unknown> = {}) => ({
  format: 'compact',
  hospital_id: envelope.hospital_id,
  events,
  head: 7,
  has_more: false,
  ...more,
});
const row = compactEventOf(envelope as EventEnvelope);

describe('the answers of the sync server', () => {
  it('are read when they match the contract', async () => {
    const page = await answering(200, compactPage([row])).pull(0);
    expect(page.events[0]).toEqual(envelope);
    const redacted = await answering(200, compactPage([[...row, 1]])).pull(0);
    expect(redacted.events[0]).toEqual({ ...envelope, redacted: true });
  });

  it('asks a server from before compact pages for pages of the first format', async () => {
    const asked: string[] = [];
    const api = new SyncApi(
      'http://server.test',
      { token: 't', refresh_token: 'r' },
      () => undefined,
      (input) => {
        const url = input instanceof Request ? input.url : input.toString();
        asked.push(url.replace('http://server.test', ''));
        const old = url.includes('format=');
        return Promise.resolve(
          new Response(
            JSON.stringify(
              old
                ? { error: { code: 'invalid_request', message: 'The pull query is not valid' } }
                : { events: [envelope], head: 7, has_more: false },
            ),
            { status: old ? 400 : 200, headers: { 'content-type': 'application/json' } },
          ),
        );
      },
    );
    expect((await api.pull(0)).events).toEqual([envelope]);
    expect((await api.pull(7)).events).toEqual([envelope]);
    expect(asked).toEqual([
      '/sync/pull?after=0&limit=10000&format=compact',
      '/sync/pull?after=0&limit=5000',
      '/sync/pull?after=7&limit=5000',
    ]);
  });

  it('are refused as unexpected_answer when they do not', async () => {
    const malformed = [
      compactPage([row.map((field, index) => (index === 11 ? 'seven' : field))]),
      compactPage([row.slice(0, 9)]),
      compactPage([[...row, 1, 1]]),
      compactPage([[...row, true]]),
      compactPage([row], { hospital_id: 'not an id' }),
      compactPage([row], { has_more: undefined }),
      { events: [envelope], head: 7, has_more: false },
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
