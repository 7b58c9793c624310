import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const serverDirectory = fileURLToPath(new URL('../..', import.meta.url));
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** `pnpm make-certificate`'s entry point, run as the script runs it. */
function run(args: string[], environment: Record<string, string> = {}) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/make-certificate.ts', ...args],
    { cwd: serverDirectory, env: { ...process.env, ...environment }, encoding: 'utf8' },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('pnpm make-certificate', () => {
  it('makes the authority and certificate in DATA_DIR/tls and prints the settings to use', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mymedic-cli-'));
    folders.push(dataDir);
    const { code, stdout } = run(['clinic.local', '192.168.1.20'], { DATA_DIR: dataDir });
    expect(code).toBe(0);
    const tls = join(dataDir, 'tls');
    expect(stdout).toContain('Made a server certificate for clinic.local, 192.168.1.20');
    expect(stdout).toContain(`TLS_CERT=${join(tls, 'server.crt')}`);
    expect(stdout).toContain(`TLS_KEY=${join(tls, 'server.key')}`);
    expect(stdout).toContain('A new local certificate authority was made');
    expect(stdout).toContain(join(tls, 'mymedic-ca.crt'));
    const authority = new X509Certificate(readFileSync(join(tls, 'mymedic-ca.crt')));
    const server = new X509Certificate(readFileSync(join(tls, 'server.crt')));
    expect(server.verify(authority.publicKey)).toBe(true);
    expect(server.subjectAltName).toBe('DNS:clinic.local, IP Address:192.168.1.20');

    // A second run (a new address, say) keeps the authority the tablets trust.
    const again = run(['--out', tls], { DATA_DIR: join(dataDir, 'unused') });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Signed by the existing local certificate authority');
    expect(again.stdout).toMatch(/for [a-z0-9.-]+, .*localhost, .*127\.0\.0\.1/);
    expect(existsSync(join(dataDir, 'unused'))).toBe(false);
  });

  it('refuses a bad name and an unknown option, with a message and no files', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mymedic-cli-'));
    folders.push(dataDir);
    const bad = run(['clinic.local', 'http://clinic'], { DATA_DIR: dataDir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"http://clinic" is neither a host name');
    const unknown = run(['--days', '9000'], { DATA_DIR: dataDir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown option --days');
    expect(existsSync(join(dataDir, 'tls'))).toBe(false);
  });
});
