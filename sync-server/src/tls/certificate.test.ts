import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  certificateFiles,
  defaultSubjects,
  makeCertificate,
  normaliseSubjects,
  serverCertificateDays,
} from './certificate';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
function folder() {
  const made = mkdtempSync(join(tmpdir(), 'mymedic-tls-'));
  folders.push(made);
  return join(made, 'tls');
}
const read = (path: string) => new X509Certificate(readFileSync(path));
const day = 24 * 60 * 60 * 1000;

describe('makeCertificate', () => {
  it('makes an authority and a server certificate it signed, for the names and addresses given', async () => {
    const directory = folder();
    const made = await makeCertificate({
      directory,
      subjects: ['Clinic-Server', 'clinic.local', '192.168.1.20', 'fd00::2', '[::1]'],
    });
    expect(made.createdAuthority).toBe(true);
    expect(made.subjects).toEqual([
      'clinic-server',
      'clinic.local',
      '192.168.1.20',
      'fd00::2',
      '::1',
    ]);

    const authority = read(made.files.authorityCertificate);
    const server = read(made.files.certificate);
    expect(authority.ca).toBe(true);
    expect(authority.verify(authority.publicKey)).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(authority)).toBe(true);
    expect(server.verify(authority.publicKey)).toBe(true);
    expect(server.subjectAltName).toBe(
      'DNS:clinic-server, DNS:clinic.local, IP Address:192.168.1.20, IP Address:FD00:0:0:0:0:0:0:2, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(server.checkHost('clinic-server')).toBe('clinic-server');
    expect(server.checkIP('192.168.1.20')).toBe('192.168.1.20');
    expect(server.checkHost('elsewhere.example')).toBeUndefined();
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(server.checkPrivateKey(createPrivateKey(readFileSync(made.files.key)))).toBe(true);
    expect(authority.checkPrivateKey(createPrivateKey(readFileSync(made.files.authorityKey)))).toBe(
      true,
    );

    const lifetime = new Date(server.validTo).getTime() - new Date(server.validFrom).getTime();
    expect(lifetime).toBeLessThanOrEqual(serverCertificateDays * day);
    expect(new Date(server.validFrom).getTime()).toBeLessThan(Date.now());
    expect(new Date(authority.validTo).getTime()).toBeGreaterThan(
      new Date(server.validTo).getTime(),
    );

    if (process.platform !== 'win32') {
      expect(statSync(made.files.authorityKey).mode & 0o777).toBe(0o600);
      expect(statSync(made.files.key).mode & 0o777).toBe(0o600);
      expect(statSync(directory).mode & 0o777).toBe(0o700);
    }
  });

  it('reuses the authority the tablets already trust for the next certificate', async () => {
    const directory = folder();
    const first = await makeCertificate({ directory, subjects: ['clinic.local'] });
    const authority = readFileSync(first.files.authorityCertificate, 'utf8');
    const firstServer = read(first.files.certificate);

    const second = await makeCertificate({ directory, subjects: ['clinic.local', '10.0.0.5'] });
    expect(second.createdAuthority).toBe(false);
    expect(readFileSync(second.files.authorityCertificate, 'utf8')).toBe(authority);
    const secondServer = read(second.files.certificate);
    expect(secondServer.serialNumber).not.toBe(firstServer.serialNumber);
    expect(secondServer.verify(new X509Certificate(authority).publicKey)).toBe(true);
    expect(secondServer.checkIP('10.0.0.5')).toBe('10.0.0.5');
  });

  it('refuses a bad name or address and writes nothing', async () => {
    const directory = folder();
    await expect(
      makeCertificate({ directory, subjects: ['clinic.local', 'not a name'] }),
    ).rejects.toThrow('"not a name" is neither a host name');
    await expect(makeCertificate({ directory, subjects: ['https://clinic'] })).rejects.toThrow(
      'neither a host name',
    );
    await expect(makeCertificate({ directory, subjects: [] })).rejects.toThrow('at least one name');
    expect(existsSync(directory)).toBe(false);
  });

  it('refuses half an authority, or an authority key that is not its certificate’s', async () => {
    const directory = folder();
    const files = certificateFiles(directory);
    await makeCertificate({ directory, subjects: ['clinic.local'] });
    const key = readFileSync(files.authorityKey);
    rmSync(files.authorityKey);
    await expect(makeCertificate({ directory, subjects: ['clinic.local'] })).rejects.toThrow(
      `${files.authorityKey} is missing`,
    );

    // Another authority's key in its place.
    const other = folder();
    await makeCertificate({ directory: other, subjects: ['clinic.local'] });
    writeFileSync(files.authorityKey, readFileSync(certificateFiles(other).authorityKey));
    await expect(makeCertificate({ directory, subjects: ['clinic.local'] })).rejects.toThrow(
      'is not the key of',
    );
    writeFileSync(files.authorityKey, key);
    await expect(makeCertificate({ directory, subjects: ['clinic.local'] })).resolves.toMatchObject(
      { createdAuthority: false },
    );
  });

  it('refuses to sign with an authority that would expire before the certificate', async () => {
    const directory = folder();
    await makeCertificate({ directory, subjects: ['clinic.local'] });
    const nineYearsOn = new Date(Date.now() + 9 * 365 * day);
    await expect(
      makeCertificate({ directory, subjects: ['clinic.local'], now: nineYearsOn }),
    ).rejects.toThrow('before a new server certificate would');
  });
});

describe('defaultSubjects', () => {
  it('names this machine, localhost and every address a tablet can reach it by', () => {
    const subjects = defaultSubjects();
    expect(subjects).toContain(hostname().toLowerCase());
    expect(subjects).toContain('localhost');
    expect(subjects).toContain('127.0.0.1');
    const external = Object.values(networkInterfaces())
      .flatMap((entries) => entries ?? [])
      .filter((entry) => !entry.internal && !entry.address.toLowerCase().startsWith('fe80:'));
    for (const entry of external) expect(subjects).toContain(entry.address);
    expect(subjects.some((subject) => subject.toLowerCase().startsWith('fe80:'))).toBe(false);
    expect(normaliseSubjects(subjects)).toEqual(subjects);
  });
});
