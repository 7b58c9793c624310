import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { Authorization, Battleground, HostileRequest } from './hostile-requests';
import { authorizations } from './hostile-requests';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** What the generators know of tenant A's files (made before the traffic starts). */
export interface FileGround {
  /** Attached by the front-desk tablet and stored: the clinic's quota is then nearly full. */
  stored: string;
  /** Attached by the front-desk tablet, but past the quota were it stored. */
  overQuota: string;
  /** Attached by the front-desk tablet with a size one byte short of its bytes. */
  wrongSize: string;
}

/** A file's text: ASCII, so that its bytes are the same however the body is sent. */
export const fileText = (label: string, size: number) =>
  `${label}:`.padEnd(size, '0123456789abcdef');

/**
 * Uploads the server must refuse: bytes no document refers to (orphans, from any role),
 * bytes of another device's document, damaged or resized bytes, a file past the
 * hospital's quota, malformed digests and forged tokens. None may be stored.
 */
export function fileRequests(
  ground: Battleground,
  files: FileGround,
): fc.Arbitrary<HostileRequest> {
  const deviceToken: Authorization = {
    what: 'the front-desk tablet',
    header: `Bearer ${ground.a.deviceToken}`,
    refused: false,
  };
  const nurse: Authorization = {
    what: "a nurse's token",
    header: `Bearer ${ground.a.nurseToken}`,
    refused: false,
  };
  const anyone = fc.oneof(authorizations(ground), fc.constant(deviceToken), fc.constant(nurse));
  const orphan = fc
    .tuple(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 20_000 }), anyone)
    .map(([text, auth]) => ({
      what: `an orphan file of ${text.length} bytes`,
      digest: sha256(text),
      text,
      auth,
    }));
  // Another device's document (the nurse's session names no device, and the nurse
  // attached nothing): refused, though the file is stored or attached.
  const notTheirs = fc
    .constantFrom(files.stored, files.overQuota)
    .map((text) => ({ what: "another device's file", digest: sha256(text), text, auth: nurse }));
  const damaged = fc
    .tuple(fc.constantFrom(files.stored, files.overQuota), fc.nat())
    .map(([text, at]) => {
      const index = at % text.length;
      const spoiled = `${text.slice(0, index)}${text[index] === 'x' ? 'y' : 'x'}${text.slice(index + 1)}`;
      return { what: 'damaged bytes', digest: sha256(text), text: spoiled, auth: deviceToken };
    });
  const special = fc.constantFrom(
    {
      what: 'a file past the quota',
      digest: sha256(files.overQuota),
      text: files.overQuota,
      auth: deviceToken,
    },
    {
      what: 'bytes of another size than the document says',
      digest: sha256(files.wrongSize),
      text: files.wrongSize,
      auth: deviceToken,
    },
    { what: 'an empty body', digest: sha256(files.stored), text: '', auth: deviceToken },
  );
  const badDigest = fc
    .tuple(
      fc.constantFrom(
        sha256(files.stored).toUpperCase(),
        sha256(files.stored).slice(1),
        `${sha256(files.stored)}0`,
        'chest-xray.jpg',
        '..%2f..%2fetc%2fpasswd',
        '%00',
      ),
      anyone,
    )
    .map(([digest, auth]) => ({
      what: `address ${digest.slice(0, 20)}`,
      digest,
      text: files.stored,
      auth,
    }));
  return fc
    .tuple(
      fc.oneof(
        { weight: 6, arbitrary: orphan },
        { weight: 2, arbitrary: notTheirs },
        { weight: 2, arbitrary: damaged },
        { weight: 3, arbitrary: special },
        { weight: 1, arbitrary: badDigest },
      ),
      fc.constantFrom('image/jpeg', 'text/html', 'image/svg+xml', 'application/json', undefined),
      fc.boolean(),
    )
    .map(([{ what, digest, text, auth }, contentType, chunked]) => ({
      route: 'PUT /files/:sha256' as const,
      what: [auth.what, what, contentType ?? 'no content-type', chunked ? 'chunked' : '']
        .filter(Boolean)
        .join('; '),
      method: 'PUT' as const,
      path: `/files/${digest}`,
      headers: {
        ...(contentType === undefined ? {} : { 'content-type': contentType }),
        ...(auth.header === undefined ? {} : { authorization: auth.header }),
      },
      body: () => text,
      chunked,
    }));
}
