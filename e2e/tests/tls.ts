import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The HTTPS run: the server under a name that is not localhost (so the browser grants a
 * service worker only because the connection is secure), with a certificate from
 * `pnpm make-certificate`, and Chromium trusting its authority the way a desktop does:
 * installed in the NSS database of the browser's home folder.
 */
export const secureHost = 'clinic.test';
export const tlsDirectory = fileURLToPath(new URL('../.tls', import.meta.url));
export const authorityFile = join(tlsDirectory, 'mymedic-ca.crt');
/** The HOME of the HTTPS run's Chromium: its ~/.pki/nssdb trusts the authority. */
export const browserHome = join(tlsDirectory, 'home');

/**
 * A request from the test runner itself (outside the browser): to `secureHost` it goes
 * to this machine and trusts the run's authority, as the browser does.
 */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  // `secureHost` is this machine, as Chromium's --host-resolver-rules make it.
  const mapped = target.hostname === secureHost;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      target,
      {
        method: options.method ?? 'GET',
        headers: { ...options.headers, host: target.host },
        ...(mapped ? { hostname: '127.0.0.1', servername: secureHost } : {}),
        ...(secure ? { ca: readFileSync(authorityFile) } : {}),
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}
