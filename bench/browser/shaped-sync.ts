import { uuidv7 } from '@mymedic/shared';
import { SyncApi } from '../../client/src/engine/api';
import { LocalDatabase } from '../../client/src/engine/db';
import { confirmedLog } from '../../client/src/engine/local-log';
import { syncOnce } from '../../client/src/engine/sync';
import type { DeviceSession } from './initial-sync';
import { timed } from './timing';

/**
 * A fresh device's first sync over the line it was loaded through (the shaping proxy):
 * syncOnce as the app runs it, against the page's own origin.
 */
export async function measureShapedSync(session: DeviceSession) {
  const db = new LocalDatabase(`bench-shaped-${uuidv7()}`);
  try {
    const api = new SyncApi(location.origin, {
      token: session.token,
      refresh_token: session.refresh_token,
    });
    const deviceId = `bench-shaped-${uuidv7()}`;
    const syncMs = await timed(() => syncOnce(db, api, session.actor, deviceId));
    // Confirmed events live in their streams' rows (the events table holds pending ones).
    return { syncMs, events: (await confirmedLog(db)).length };
  } finally {
    db.close();
    await db.delete();
  }
}
