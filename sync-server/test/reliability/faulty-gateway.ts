import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** What the stand-in does with one request. */
export type Fault =
  /** Accepts it and answers at once (after `delayMs`, well within the sender's timeout). */
  | { kind: 'ok'; delayMs: number }
  /** Answers 500 or 503 without accepting it. */
  | { kind: 'fail'; status: number }
  /** Neither accepts nor answers: the sender's timeout runs out. */
  | { kind: 'hang' }
  /** Accepts it, then drops the connection before answering. */
  | { kind: 'drop' }
  /** Accepts it and answers only after the sender's timeout: the answer is lost. */
  | { kind: 'late'; delayMs: number };

/** One message the stand-in accepted (a patient got it). */
export interface Delivery {
  key: string;
  to: string;
  /** The id the stand-in gave it, whether or not the answer reached the sender. */
  id: string;
  /** The sender id of the server process that sent it (SMS_SENDER_ID: one per start). */
  from: string;
  /** When it was accepted (ms since the epoch). */
  at: number;
  /** Whether the answer carrying the id was lost on purpose (dropped, or too late). */
  answerLost: boolean;
  /** Whether the sender had gone (timed out, died) before the answer was written. */
  senderGone: boolean;
}

/** One request as the stand-in saw it: who sent which message, from when to when. */
export interface RequestSeen {
  key: string;
  from: string;
  fault: Fault['kind'] | 'always-failing';
  start: number;
  /** When it was answered, dropped, or its sender went away (ms since the epoch). */
  end: number | null;
}

/** A number in [0, 1) from the seed and the text: the same every run, whatever the order. */
export function seededFraction(seed: number, text: string) {
  return createHash('sha256').update(`${seed}/${text}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * The fault a message's n-th request meets (n from 1), drawn from the seed, the
 * message's key and n, so a rerun with the seed meets the same faults whatever order
 * the senders' requests arrive in. Only the first `faultyTries` requests of a message
 * may meet a fault; later ones are answered, so every message goes out before its
 * sender's last try (what those tries prove is covered by the numbers that always fail).
 */
export function faultFor(
  seed: number,
  key: string,
  request: number,
  options: { faultyTries: number; timeoutMs: number },
): Fault {
  const fraction = seededFraction(seed, `${key}#${request}`);
  const spread = seededFraction(seed, `${key}#${request}/delay`);
  const answered: Fault = { kind: 'ok', delayMs: Math.round(10 + spread * 50) };
  if (request > options.faultyTries) return answered;
  if (fraction < 0.5) return answered;
  if (fraction < 0.6) return { kind: 'ok', delayMs: Math.round(150 + spread * 400) };
  if (fraction < 0.74) return { kind: 'fail', status: spread < 0.5 ? 500 : 503 };
  if (fraction < 0.8) return { kind: 'hang' };
  if (fraction < 0.92) return { kind: 'drop' };
  return { kind: 'late', delayMs: options.timeoutMs + 300 + Math.round(spread * 300) };
}

/**
 * A loopback SMS gateway that fails on a seeded schedule (`faultFor`) and records every
 * message it accepted. Numbers in `alwaysFailing` are answered 503 every time (their
 * reminders must end failed, and be shown so). For numbers where `honoursKeys` holds,
 * it is a gateway that honours `Idempotency-Key`: a message it already accepted is
 * answered with the same id and not delivered again; for the others it delivers
 * whatever it is sent, as a gateway without de-duplication does.
 */
export async function startFaultyGateway(options: {
  seed: number;
  token: string;
  port: number;
  timeoutMs: number;
  faultyTries: number;
  alwaysFailing: ReadonlySet<string>;
  honoursKeys: (to: string) => boolean;
}) {
  const deliveries: Delivery[] = [];
  const seen: RequestSeen[] = [];
  const requestsByKey = new Map<string, number>();
  const faultsMet = { ok: 0, fail: 0, hang: 0, drop: 0, late: 0, alwaysFailing: 0 };
  const problems: string[] = [];
  const hanging = new Set<ServerResponse>();
  let ids = 0;

  const server = createServer((request, response) => {
    void readJson(request).then((body) => {
      const message = body as { to?: unknown; text?: unknown; from?: unknown; reference?: unknown };
      const key = request.headers['idempotency-key'];
      if (
        request.headers.authorization !== `Bearer ${options.token}` ||
        typeof key !== 'string' ||
        typeof message.to !== 'string' ||
        typeof message.text !== 'string' ||
        message.reference !== key
      ) {
        problems.push(`a malformed request: ${JSON.stringify(body)}`);
        response.writeHead(400).end();
        return;
      }
      const to = message.to;
      const from = typeof message.from === 'string' ? message.from : '?';
      const count = (requestsByKey.get(key) ?? 0) + 1;
      requestsByKey.set(key, count);
      const fault = options.alwaysFailing.has(to)
        ? null
        : faultFor(options.seed, key, count, options);
      const visit: RequestSeen = {
        key,
        from,
        fault: fault?.kind ?? 'always-failing',
        start: Date.now(),
        end: null,
      };
      seen.push(visit);
      const ended = () => (visit.end ??= Date.now());
      // Answered, dropped, or the sender gone (timed out or died): 'close' in each case.
      response.once('close', ended);
      if (!fault) {
        faultsMet.alwaysFailing += 1;
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end('{"error":"this number cannot be reached"}');
        return;
      }
      faultsMet[fault.kind] += 1;
      if (fault.kind === 'fail') {
        response.writeHead(fault.status, { 'content-type': 'application/json' });
        response.end('{"error":"gateway trouble"}');
        return;
      }
      if (fault.kind === 'hang') {
        hanging.add(response);
        response.once('close', () => hanging.delete(response));
        return;
      }
      // Accepted: the patient gets it now, unless this gateway knows the key already.
      const earlier = options.honoursKeys(to)
        ? deliveries.find((delivery) => delivery.key === key)
        : undefined;
      let delivery = earlier;
      if (!delivery) {
        ids += 1;
        delivery = {
          key,
          to,
          id: `gw-${ids}`,
          from,
          at: Date.now(),
          answerLost: fault.kind !== 'ok',
          senderGone: false,
        };
        deliveries.push(delivery);
      }
      const accepted = delivery;
      if (fault.kind === 'drop') {
        request.socket.destroy();
        return;
      }
      let gone = false;
      response.once('close', () => {
        if (!response.writableFinished) gone = true;
      });
      hanging.add(response);
      setTimeout(() => {
        hanging.delete(response);
        if (gone || response.destroyed) {
          if (accepted !== earlier) accepted.senderGone = true;
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: accepted.id }));
      }, fault.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${options.port}/messages`,
    deliveries,
    seen,
    requestsByKey,
    faultsMet,
    problems,
    close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}
