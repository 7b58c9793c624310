import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * SHA-256 as 64 lower-case hex digits, with WebCrypto (the browser and Node alike): of a
 * text's UTF-8 bytes, or of a file's bytes. Devices hash a document's file before
 * attaching it, and the server checks the bytes it receives.
 */
export async function sha256Hex(
  content: string | ArrayBuffer | Uint8Array<ArrayBuffer>,
): Promise<string> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The same SHA-256 of a text's UTF-8 bytes, computed synchronously (@noble/hashes), so
 * that a decider, which stays synchronous and pure, can check a signature's digest
 * against the content it signs on the device and on the server alike.
 */
export function sha256HexOfText(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
