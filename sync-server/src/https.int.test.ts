import { request as httpsRequest } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { startTestServer, type TestServer } from '../test/test-server';
import { makeCertificate, type CertificateFiles } from './tls/certificate';

let folder: string;
let files: CertificateFiles;
let secure: TestServer;
let plain: TestServer;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'mymedic-https-'));
  files = (
    await makeCertificate({
      directory: join(folder, 'tls'),
      subjects: ['clinic.test', 'localhost', '127.0.0.1'],
    })
  ).files;
  // The settings as an operator gives them, read by the real loader.
  const { tls } = loadConfig({
    DATA_DIR: folder,
    JWT_SECRET: 'x'.repeat(40),
    TLS_CERT: files.certificate,
    TLS_KEY: files.key,
  });
  secure = await startTestServer({ config: { tls } });
  plain = await startTestServer();
});
afterAll(async () => {
  await secure?.close();
  await plain?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** A GET over HTTPS that trusts only our local authority, as a tablet that installed it. */
function get(url: string, servername: string) {
  return new Promise<{
    status: number;
    headers: IncomingHttpHeaders;
    body: string;
    peer: ReturnType<TLSSocket['getPeerX509Certificate']>;
  }>((resolve, reject) => {
    const request = httpsRequest(
      url,
      { ca: readFileSync(files.authorityCertificate), servername },
      (response) => {
        const peer = (response.socket as TLSSocket).getPeerX509Certificate();
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body, peer }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('the server over HTTPS', () => {
  it('answers with the certificate the local authority signed, and sends HSTS', async () => {
    expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const response = await get(`${secure.url}/health`, 'clinic.test');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'healthy' });
    expect(response.peer?.subjectAltName).toContain('DNS:clinic.test');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('is refused by a client that does not trust the authority, and by name mismatch', async () => {
    await expect(fetch(`${secure.url}/health`)).rejects.toThrow();
    await expect(get(`${secure.url}/health`, 'elsewhere.example')).rejects.toThrow(
      /does not match|altnames/i,
    );
  });

  it('does not answer plain HTTP on its port', async () => {
    const port = new URL(secure.url).port;
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});

describe('the server over plain HTTP', () => {
  it('sends no HSTS and asks for no upgrade', async () => {
    const response = await fetch(`${plain.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('strict-transport-security')).toBeNull();
    expect(response.headers.get('content-security-policy')).not.toContain(
      'upgrade-insecure-requests',
    );
  });
});
