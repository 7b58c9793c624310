import http from 'node:http';
import type { HostileRequest } from './hostile-requests';

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  /** Set when no HTTP answer came back: a reset, a hang, a crash. */
  failure?: string;
}

/**
 * Sends one request as it is, through node:http (fetch would refuse some of them and
 * normalise others). A live stream is read up to its first message, then closed.
 */
export function send(
  baseUrl: string,
  request: HostileRequest,
  agent: http.Agent,
  timeoutMs = 30_000,
): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: Answer) => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    const body = request.body?.();
    const headers: Record<string, string> = { ...request.headers };
    if (body !== undefined && !request.chunked)
      headers['content-length'] = String(Buffer.byteLength(body));
    let outgoing: http.ClientRequest;
    try {
      outgoing = http.request(
        { hostname, port, method: request.method, path: request.path, headers, agent },
        (response) => {
          const status = response.statusCode ?? 0;
          const contentType = response.headers['content-type'] ?? '';
          const chunks: Buffer[] = [];
          if (contentType.startsWith('text/event-stream')) {
            response.on('data', (chunk: Buffer) => {
              chunks.push(chunk);
              const text = Buffer.concat(chunks).toString('utf8');
              if (!text.includes('\n\n')) return;
              settle({ status, contentType, text });
              outgoing.destroy();
            });
            return;
          }
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            settle({ status, contentType, text: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', (error) =>
            settle({ status, contentType, text: '', failure: `response broke: ${error.message}` }),
          );
        },
      );
    } catch (error) {
      settle({ status: 0, contentType: '', text: '', failure: `not sendable: ${String(error)}` });
      return;
    }
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error('no answer in time')));
    outgoing.on('error', (error) =>
      settle({ status: 0, contentType: '', text: '', failure: error.message }),
    );
    if (body === undefined) {
      outgoing.end();
    } else if (request.chunked) {
      // Several writes, so the server cannot know the size up front.
      const step = 64 * 1024;
      for (let start = 0; start < body.length; start += step)
        outgoing.write(body.slice(start, start + step));
      outgoing.end();
    } else {
      outgoing.end(body);
    }
  });
}

/** Runs the requests with at most `concurrency` in flight, in order of start. */
export async function sendAll<T>(
  requests: T[],
  concurrency: number,
  work: (request: T, index: number) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next;
      next += 1;
      await work(requests[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
