import { readMeta, writeMeta, type LocalDatabase } from '../../engine/db';
import { inWriteTransaction } from '../../engine/local-log';

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The next MRN made on this device: a random device code (drawn once per device and
 * database) and a counter. Two devices offline never make the same MRN without talking.
 * Taken inside the registration's write transaction (see useCommands), a refused
 * registration takes no number and two at once never take the same one.
 */
export async function nextMrn(db: LocalDatabase): Promise<string> {
  return inWriteTransaction(db, async () => {
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
