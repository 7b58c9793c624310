// Draws MyMedic's icons (a white cross on teal) as PNGs with zlib alone, so the build
// needs no image tools and nothing is downloaded. Run: npx tsx scripts/make-icons.ts
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

function icon(size: number, padding: number) {
  const teal = [15, 118, 110];
  const rows: Buffer[] = [];
  const arm = size * 0.14;
  const reach = size / 2 - padding - size * 0.12;
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x += 1) {
      const dx = Math.abs(x - size / 2);
      const dy = Math.abs(y - size / 2);
      const cross = (dx < arm && dy < reach) || (dy < arm && dx < reach);
      const [r, g, b] = cross ? [255, 255, 255] : teal;
      row.set([r!, g!, b!], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync(new URL('../public/icon-192.png', import.meta.url), icon(192, 16));
writeFileSync(new URL('../public/icon-512.png', import.meta.url), icon(512, 40));
// Maskable: the cross stays inside the 80% safe zone.
writeFileSync(new URL('../public/icon-maskable-512.png', import.meta.url), icon(512, 110));
