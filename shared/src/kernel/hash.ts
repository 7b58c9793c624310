/**
 * SHA-256 of a text's UTF-8 bytes as 64 lower-case hex digits, with WebCrypto (the
 * browser and Node alike). Devices hash a note's body or a prescription's content
 * before signing; deciders only record the digest, since they stay synchronous and pure.
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
