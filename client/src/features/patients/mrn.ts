import { readMeta, writeMeta, type LocalDatabase } from '../../engine/db';

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The next MRN made on this device: a random device code (drawn once per device and
 * database) and a counter. Two devices offline never make the same MRN without talking.
 */
export async function nextMrn(db: LocalDatabase): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    let code = await readMeta<string | null>(db, 'mrn_device_code', null);
    if (!code) {
      const random = crypto.getRandomValues(new Uint8Array(5));
      code = Array.from(random, (byte) => alphabet[byte % alphabet.length]).join('');
      await writeMeta(db, 'mrn_device_code', code);
    }
    const counter = (await readMeta(db, 'mrn_counter', 0)) + 1;
    await writeMeta(db, 'mrn_counter', counter);
    return `${code}-${String(counter).padStart(5, '0')}`;
  });
}
