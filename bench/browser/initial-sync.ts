import { uuidv7 } from '@mymedic/shared';
import { SyncApi } from '../../client/src/engine/api';
import { LocalDatabase } from '../../client/src/engine/db';
import { confirmedLog, unpackHistory } from '../../client/src/engine/local-log';
import type { Actor } from '../../client/src/engine/execute';
import { applyPulledPage, PackingRound } from '../../client/src/engine/reconcile';
import { syncOnce } from '../../client/src/engine/sync';
import type { PullResponse } from '@mymedic/shared';
import { measureBareVariants, measureFirstSyncParts, measureStateFirst } from './first-sync-parts';
import { measured } from './timing';

export interface DeviceSession {
  token: string;
  refresh_token: string;
  actor: Actor;
}

/**
 * A fresh device catching up with the server it is served from: syncOnce, as the app
 * runs it, pulling page after page and projecting each, the history kept packed (the
 * state first); then, timed apart, the history moved into its stream rows, as the app
 * does in the background after. Beside it, the same first sync by another fresh device
 * with nothing packed (every page into its stream rows at once, as before). Peer: the same events, read
 * back afterwards, written one row per event as devices kept them before version 8,
 * with a bare Dexie bulkPut into an empty events table of the same schema, one
 * transaction per 1,000 like the pull's pages.
 */
export async function measureInitialSync(session: DeviceSession) {
  const db = new LocalDatabase(`bench-sync-${uuidv7()}`);
  const floor = new LocalDatabase(`bench-floor-${uuidv7()}`);
  try {
    const api = new SyncApi(location.origin, {
      token: session.token,
      refresh_token: session.refresh_token,
    });
    const deviceId = `bench-fresh-${uuidv7()}`;
    const sync = await measured(() => syncOnce(db, api, session.actor, deviceId));
    const packedPages = await db.packed.count();
    const historyAfter = await measured(() => unpackHistory(db));
    // Warm, by turns: a fresh device with nothing packed (as before), then packed again.
    const firstSyncOf = async (packFrom: number) => {
      const fresh = new LocalDatabase(`bench-again-${uuidv7()}`);
      try {
        const device = `bench-fresh-${uuidv7()}`;
        return await measured(() =>
          syncOnce(fresh, api, session.actor, device, undefined, packFrom),
        );
      } finally {
        fresh.close();
        await fresh.delete();
      }
    };
    const syncUnpacked = await firstSyncOf(Infinity);
    const syncPackedWarm = await firstSyncOf(0);
    const syncUnpackedWarm = await firstSyncOf(Infinity);
    const rows = await confirmedLog(db);
    const events = rows.length;
    const patients = await db.patients.count();

    // Where the time goes: the same pages pulled with nothing written, then written into
    // a third empty database with nothing pulled.
    const pages: PullResponse['events'][] = [];
    const pull = await measured(async () => {
      for (let after = 0, more = true; more;) {
        const pulled = await api.pull(after);
        pages.push(pulled.events);
        after = pulled.events.at(-1)?.position ?? after;
        more = pulled.has_more && pulled.events.length > 0;
      }
    });
    const apart = new LocalDatabase(`bench-apart-${uuidv7()}`);
    const apply = await measured(async () => {
      for (const events of pages) await applyPulledPage(apart, session.actor, events);
    });
    apart.close();
    await apart.delete();
    const packedApart = new LocalDatabase(`bench-apart-${uuidv7()}`);
    const round = new PackingRound();
    const applyPacked = await measured(async () => {
      for (const events of pages)
        await applyPulledPage(packedApart, session.actor, events, new Date(), round);
    });
    const unpackApart = await measured(() => unpackHistory(packedApart));
    packedApart.close();
    await packedApart.delete();

    // A page by part: the stream rows alone, each projection table alone, the page's
    // history as one compressed value (first-sync-parts.ts).
    const parts = {
      ...(await measureFirstSyncParts(pages)),
      bare: await measureBareVariants(pages),
      stateFirst: await measureStateFirst(pages, (after) => api.pull(after)),
    };

    const page = 1000;
    const bare = await measured(async () => {
      for (let start = 0; start < rows.length; start += page)
        await floor.events.bulkPut(rows.slice(start, start + page));
    });
    return {
      syncMs: sync.ms,
      floorMs: bare.ms,
      pullMs: pull.ms,
      applyMs: apply.ms,
      syncUnpackedMs: syncUnpacked.ms,
      syncPackedWarmMs: syncPackedWarm.ms,
      syncUnpackedWarmMs: syncUnpackedWarm.ms,
      historyAfterMs: historyAfter.ms,
      packedPages,
      cpu: {
        sync,
        historyAfter,
        syncUnpacked,
        syncPackedWarm,
        syncUnpackedWarm,
        pull,
        apply,
        applyPacked,
        unpackApart,
        floor: bare,
      },
      events,
      patients,
      parts,
    };
  } finally {
    for (const database of [db, floor]) {
      database.close();
      await database.delete();
    }
  }
}
