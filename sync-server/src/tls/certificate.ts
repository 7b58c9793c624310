// @peculiar/x509 needs the Reflect metadata API before it loads.
import 'reflect-metadata';
import {
  X509Certificate as NodeCertificate,
  createPrivateKey,
  randomBytes,
  webcrypto,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

/**
 * A local certificate authority and a server certificate signed by it, made with Node's
 * own WebCrypto (no openssl binary, so it runs the same on Windows). The clinic installs
 * the authority's certificate on its tablets once; the server certificate can be made
 * again (new address, expiry) without touching the tablets.
 */

type CryptoKey = webcrypto.CryptoKey;
const crypto = webcrypto;
const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const day = 24 * 60 * 60 * 1000;
/** Browsers refuse server certificates valid for longer (Apple's limit, kept by Chromium). */
export const serverCertificateDays = 825;
const authorityYears = 10;

export interface CertificateFiles {
  directory: string;
  /** The authority's certificate: the file to install on tablets and desktops. */
  authorityCertificate: string;
  /** The authority's private key: never leaves this machine. */
  authorityKey: string;
  /** TLS_CERT */
  certificate: string;
  /** TLS_KEY */
  key: string;
}

export function certificateFiles(directory: string): CertificateFiles {
  return {
    directory,
    authorityCertificate: join(directory, 'mymedic-ca.crt'),
    authorityKey: join(directory, 'mymedic-ca.key'),
    certificate: join(directory, 'server.crt'),
    key: join(directory, 'server.key'),
  };
}

/**
 * The names and addresses tablets may use to reach this machine: its host name (and
 * the same name under .local, which macOS, iOS and recent Android resolve), localhost,
 * every address of its network interfaces except IPv6 link-local ones (those need a
 * zone and cannot be typed in a URL), and the loopback addresses.
 */
export function defaultSubjects(): string[] {
  const host = hostname().toLowerCase();
  const names = isDnsName(host) ? [host, ...(host.includes('.') ? [] : [`${host}.local`])] : [];
  const addresses = Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.internal && !/^fe[89ab][0-9a-f]:/i.test(entry.address))
    .map((entry) => entry.address);
  return normaliseSubjects([...names, 'localhost', ...addresses, '127.0.0.1', '::1']);
}

function isDnsName(value: string): boolean {
  return (
    value.length <= 253 &&
    value
      .split('.')
      .every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label) && label.length > 0)
  );
}

/** Lower-cased DNS names and IP addresses, each once; anything else is an error. */
export function normaliseSubjects(subjects: string[]): string[] {
  const result: string[] = [];
  for (const raw of subjects) {
    const subject = raw.trim().replace(/^\[(.*)\]$/, '$1');
    const value = isIP(subject) ? subject : subject.toLowerCase();
    if (!isIP(value) && !isDnsName(value)) {
      throw new Error(
        `"${raw}" is neither a host name (letters, digits, hyphens and dots) nor an IP address`,
      );
    }
    if (!result.includes(value)) result.push(value);
  }
  if (result.length === 0) throw new Error('A certificate needs at least one name or address');
  return result;
}

function pem(label: string, der: ArrayBuffer): string {
  const body = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** A positive 128-bit serial number, as hex. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

async function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  return pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', key));
}

/** Writes a file only its owner can read (on Windows the mode is advisory). */
function writePrivate(path: string, contents: string) {
  writeFileSync(path, contents, { mode: 0o600 });
  chmodSync(path, 0o600);
}

interface Authority {
  certificate: x509.X509Certificate;
  key: CryptoKey;
  created: boolean;
}

async function makeAuthority(files: CertificateFiles, now: Date): Promise<Authority> {
  const keys = await generateKeys();
  const machine = hostname() || 'server';
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + authorityYears);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: `CN=MyMedic local authority (${machine}), O=MyMedic`,
      notBefore: new Date(now.getTime() - day),
      notAfter,
      keys,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  writePrivate(files.authorityKey, await privateKeyPem(keys.privateKey));
  writeFileSync(files.authorityCertificate, certificate.toString('pem') + '\n');
  return { certificate, key: keys.privateKey, created: true };
}

/** The authority already on this machine, checked: tablets trust it, so it is kept. */
async function existingAuthority(files: CertificateFiles, now: Date): Promise<Authority> {
  const certificatePem = readFileSync(files.authorityCertificate, 'utf8');
  const keyPem = readFileSync(files.authorityKey, 'utf8');
  const nodeCertificate = new NodeCertificate(certificatePem);
  if (!nodeCertificate.checkPrivateKey(createPrivateKey(keyPem))) {
    throw new Error(
      `${files.authorityKey} is not the key of ${files.authorityCertificate}; move both away to make a new authority`,
    );
  }
  if (new Date(nodeCertificate.validTo).getTime() < now.getTime() + serverCertificateDays * day) {
    throw new Error(
      `The authority ${files.authorityCertificate} expires on ${new Date(nodeCertificate.validTo).toISOString().slice(0, 10)}, before a new server certificate would; move ${files.authorityCertificate} and ${files.authorityKey} away to make a new authority, and install it on the tablets again`,
    );
  }
  const der = createPrivateKey(keyPem).export({ format: 'der', type: 'pkcs8' });
  const key = await crypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
  return { certificate: new x509.X509Certificate(certificatePem), key, created: false };
}

export interface MadeCertificate {
  files: CertificateFiles;
  subjects: string[];
  /** Whether a new authority was made (it must then be installed on every device). */
  createdAuthority: boolean;
  notAfter: Date;
}

/**
 * Makes (or reuses) the local authority in `directory` and signs a new server
 * certificate for `subjects` with it, valid for 825 days at most.
 */
export async function makeCertificate(options: {
  directory: string;
  subjects: string[];
  now?: Date;
}): Promise<MadeCertificate> {
  const subjects = normaliseSubjects(options.subjects);
  const now = options.now ?? new Date();
  const files = certificateFiles(options.directory);
  mkdirSync(files.directory, { recursive: true, mode: 0o700 });

  const hasCertificate = existsSync(files.authorityCertificate);
  const hasKey = existsSync(files.authorityKey);
  if (hasCertificate !== hasKey) {
    throw new Error(
      `${hasCertificate ? files.authorityKey : files.authorityCertificate} is missing while ${hasCertificate ? files.authorityCertificate : files.authorityKey} is there; restore it, or move both away to make a new authority`,
    );
  }
  const authority = hasCertificate
    ? await existingAuthority(files, now)
    : await makeAuthority(files, now);

  const keys = await generateKeys();
  const notBefore = new Date(now.getTime() - day);
  const notAfter = new Date(notBefore.getTime() + (serverCertificateDays - 1) * day);
  const firstName = subjects.find((subject) => !isIP(subject)) ?? subjects[0]!;
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: `CN=${firstName}, O=MyMedic`,
      issuer: authority.certificate.subject,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: authority.key,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension(
          subjects.map((subject) => ({
            type: isIP(subject) ? ('ip' as const) : ('dns' as const),
            value: subject,
          })),
          false,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(
          authority.certificate.publicKey,
          false,
          crypto,
        ),
      ],
    },
    crypto,
  );
  writePrivate(files.key, await privateKeyPem(keys.privateKey));
  writeFileSync(files.certificate, certificate.toString('pem') + '\n');
  return { files, subjects, createdAuthority: authority.created, notAfter };
}
