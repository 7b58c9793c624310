import Dexie from 'dexie';
import { databaseName, LocalDatabase } from '../engine/db';
import { endSession, peopleOnDevice } from '../engine/lock';
import { clearSession, forgetDeviceId } from '../engine/session';
import { wipeServerHeldData } from '../engine/wipe';
import i18next from 'i18next';

/**
 * The server answered `device_revoked`: an admin reported this tablet lost. Every
 * hospital's records the server holds are wiped from it, every person's session and
 * PIN end (their drafts stay sealed), and the tablet forgets its device id, so that if
 * it is found its person signs in afresh as a new device.
 */
export async function wipeRevokedDevice(hospitalIds: string[] = []) {
  const hospitals = new Set([
    ...hospitalIds,
    ...peopleOnDevice().map((person) => person.user.hospital_id),
  ]);
  for (const hospitalId of hospitals) {
    const name = databaseName(hospitalId);
    if (!(await Dexie.exists(name))) continue;
    const db = new LocalDatabase(name);
    try {
      await wipeServerHeldData(db);
    } finally {
      db.close();
    }
  }
  for (const person of peopleOnDevice()) endSession(person.user.user_id);
  clearSession();
  forgetDeviceId();
}

/** What the sign-in page says after the wipe, in the language shown now (`common` is always loaded). */
export const revokedMessage = () => i18next.t('common:revoked');
