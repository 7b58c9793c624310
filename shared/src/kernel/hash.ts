/**
 * SHA-256 as 64 lower-case hex digits, with WebCrypto (the browser and Node alike): of a
 * text's UTF-8 bytes, or of a file's bytes. Devices hash a note's body or a
 * prescription's content before signing, and a document's file before attaching it;
 * deciders only record the digest, since they stay synchronous and pure.
 */
export async function sha256Hex(
  content: string | ArrayBuffer | Uint8Array<ArrayBuffer>,
): Promise<string> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
