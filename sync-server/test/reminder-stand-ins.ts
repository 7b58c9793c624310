import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One mail as the in-process SMTP server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A real SMTP server, in process, on a random loopback port: it receives what nodemailer
 * sends, whole. `refuseNext` answers the next mail with an SMTP error of the given code.
 */
export async function startSmtpServer() {
  const mails: ReceivedMail[] = [];
  let refusal: { code: number; message: string } | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusal) {
          const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
          refusal = null;
          callback(error);
          return;
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    refuseNext(code: number, message: string) {
      refusal = { code, message };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** How the SMS gateway stand-in answers the next requests. */
export type GatewayMode =
  { kind: 'ok'; delayMs?: number } | { kind: 'fail'; status: number } | { kind: 'hang' };

export interface GatewayRequest {
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

/**
 * A loopback stand-in for the SMS gateway: it checks each request's shape (POST, JSON,
 * bearer token, `to` in E.164, `text`, `reference`) and answers as told: 200 with an id
 * (after a delay if asked), a failure status, or nothing at all (hang).
 */
export async function startSmsGateway(token: string) {
  const requests: GatewayRequest[] = [];
  const problems: string[] = [];
  let mode: GatewayMode = { kind: 'ok' };
  let ids = 0;
  const hanging = new Set<() => void>();
  const server: Server = createServer((request, response) => {
    void readJson(request).then((body) => {
      const seen: GatewayRequest = {
        authorization: request.headers.authorization,
        idempotencyKey: request.headers['idempotency-key'] as string | undefined,
        contentType: request.headers['content-type'],
        body,
      };
      requests.push(seen);
      const shape = body as { to?: unknown; text?: unknown; reference?: unknown };
      if (request.method !== 'POST') problems.push(`method ${request.method}`);
      if (seen.authorization !== `Bearer ${token}`) problems.push('no bearer token');
      if (typeof shape.to !== 'string' || !/^\+[1-9]\d{6,14}$/.test(shape.to))
        problems.push(`to is not E.164: ${String(shape.to)}`);
      if (typeof shape.text !== 'string' || shape.text.length === 0) problems.push('no text');
      if (typeof shape.reference !== 'string') problems.push('no reference');
      if (mode.kind === 'hang') {
        hanging.add(() => response.destroy());
        return;
      }
      if (mode.kind === 'fail') {
        response.writeHead(mode.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'gateway trouble' }));
        return;
      }
      const answer = () => {
        ids += 1;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: `gw-${ids}` }));
      };
      if (mode.delayMs) setTimeout(answer, mode.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    requests,
    problems,
    set mode(next: GatewayMode) {
      mode = next;
    },
    close() {
      for (const end of hanging) end();
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

/** A clock the test moves by hand. */
export function handClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set(at: Date | number) {
      now = typeof at === 'number' ? at : at.getTime();
    },
  };
}
