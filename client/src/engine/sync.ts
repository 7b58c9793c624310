import { maxCommandsPerPush, unreadableContentOf, type PullResponse } from '@mymedic/shared';
import { liveQuery } from 'dexie';
import { ApiError, type SyncApi } from './api';
import { readMeta, writeMeta, type LocalDatabase, type PendingCommand } from './db';
import type { Actor } from './execute';
import { applyPulledPage, applyPushResults, applyUnredactedPage, PackingRound } from './reconcile';
import { uploadPendingFiles } from './files';
import { redactedEvents, unpackHistory } from './local-log';
import { PullPace, showProgressFrom, type PullProgress } from './progress';

export type SyncState = 'idle' | 'syncing' | 'synced' | 'offline' | 'signed_out' | 'error';

export interface SyncStatus {
  state: SyncState;
  lastSyncAt: string | null;
  message: string | null;
  /** How far a long pull has come (a new tablet's first sync); null for ordinary ones. */
  progress: PullProgress | null;
}

/** A pending command this person may send: their own (or one from before authors were kept). */
export const sentBy = (actor: Actor) => (command: PendingCommand) =>
  !command.issued_by || command.issued_by.user_id === actor.userId;

/**
 * One round: push this person's pending commands in client_seq order, upload the files
 * attached here, then pull from the cursor until the head. Commands another person
 * issued on this shared device wait for that person's session, so the server always
 * records the real author. A document's event may reach the server before its bytes:
 * until they follow, other devices are told the file is not uploaded yet.
 */
export async function syncOnce(
  db: LocalDatabase,
  api: SyncApi,
  actor: Actor,
  deviceId: string,
  onProgress: (progress: PullProgress) => void = () => undefined,
  packFrom = showProgressFrom,
) {
  for (;;) {
    const pending = (await db.outbox.where('acknowledged').equals(0).sortBy('client_seq')).filter(
      sentBy(actor),
    );
    if (pending.length === 0) break;
    const batch = pending
      .slice(0, maxCommandsPerPush)
      .map(({ acknowledged: _acknowledged, issued_by: _issuedBy, ...command }) => command);
    const response = await api.push(deviceId, batch);
    await applyPushResults(db, actor, response.results);
    if (pending.length <= maxCommandsPerPush) break;
  }
  // The bytes never hold up the pull: a large upload over a weak line may fail many
  // times while the events keep flowing. Its failure is reported after the pull.
  const uploads = await uploadPendingFiles(db, api).then(
    (outcome) => ({ outcome, failure: null }),
    (failure: unknown) => ({
      outcome: null,
      failure: failure instanceof Error ? failure : new Error('Uploading the files failed'),
    }),
  );
  // The next page is on its way while this one is written, so the network and IndexedDB
  // overlap. It starts after this page's last position: the cursor this page stores.
  const from = await readMeta(db, 'cursor', 0);
  const pace = new PullPace(from, Date.now());
  let next: Promise<PullResponse> | null = api.pull(from);
  let shown: boolean | null = null;
  // A device with no history yet, facing a long pull, takes the state first and the
  // history after (PackingRound; the caller moves the history with unpackHistory).
  let packing: PackingRound | null | undefined;
  while (next) {
    const page: PullResponse = await next;
    const last = page.events.at(-1)?.position;
    next = page.has_more && last !== undefined ? api.pull(last) : null;
    // Should this page fail to apply, the next one is dropped unread, not left unhandled.
    void next?.catch(() => undefined);
    packing ??=
      page.head - from >= packFrom && (await holdsNoHistory(db)) ? new PackingRound() : null;
    await applyPulledPage(db, actor, page.events, new Date(), packing);
    shown ??= page.head - from >= showProgressFrom;
    if (shown && last !== undefined) onProgress(pace.advance(last, page.head, Date.now()));
  }
  await fetchReadableContent(db, api, actor);
  await writeMeta(db, 'last_sync_at', new Date().toISOString());
  if (uploads.failure) throw uploads.failure;
  const [refused, ...others] = uploads.outcome?.refused ?? [];
  if (refused) {
    const what = others.length === 0 ? 'a document file' : `${others.length + 1} document files`;
    throw new Error(
      `The server refused ${what} (${refused.error.message}); it is kept on this device`,
    );
  }
}

/** Nothing confirmed, packed or pending here yet: a new device, or one wiped. */
const holdsNoHistory = async (db: LocalDatabase) =>
  (await db.streams.count()) === 0 &&
  (await db.packed.count()) === 0 &&
  (await db.events.count()) === 0;

/**
 * Someone syncs on a device that holds events pulled without content they may read (a
 * front-desk colleague synced clinical events, or a colleague synced a message to this
 * person): those events are fetched whole again, from the first such position up to the
 * cursor. Events still unreadable to this person (another's message) do not count, so
 * they are not fetched again at every sync.
 */
async function fetchReadableContent(db: LocalDatabase, api: SyncApi, actor: Actor) {
  const reader = { user_id: actor.userId, roles: actor.roles };
  let first: number | null = null;
  for (const event of await redactedEvents(db)) {
    if (event.position === null || (first !== null && event.position >= first)) continue;
    if (unreadableContentOf(event.type, event.data, reader).length > 0) continue;
    first = event.position;
  }
  if (first === null) return;
  const cursor = await readMeta(db, 'cursor', 0);
  let after: number = first - 1;
  while (after < cursor) {
    const page = await api.pull(after);
    await applyUnredactedPage(db, actor, page.events);
    const last = page.events.at(-1)?.position;
    if (!page.has_more || last === undefined) break;
    after = last;
  }
}

/**
 * Keeps the device in sync whenever the server answers, not when navigator.onLine says
 * so: on the live stream's poke, on `online`, when the page becomes visible and on a
 * timer, backing off with jitter while it fails. One tab syncs at a time (Web Locks).
 */
export class SyncEngine {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private running = false;
  private again = false;
  private stopped = false;
  private readonly liveAbort = new AbortController();
  private readonly cleanups: (() => void)[] = [];
  private unpacking: Promise<void> | null = null;
  /** Called once the server says an admin revoked this device (a lost tablet). */
  onDeviceRevoked: (() => void) | null = null;

  constructor(
    private readonly db: LocalDatabase,
    private readonly api: SyncApi,
    private readonly actor: Actor,
    private readonly deviceId: string,
    private readonly onStatus: (status: Partial<SyncStatus>) => void,
    private readonly intervalMs = 30_000,
  ) {}

  start() {
    const poke = () => void this.syncNow();
    const onVisible = () => document.visibilityState === 'visible' && poke();
    window.addEventListener('online', poke);
    document.addEventListener('visibilitychange', onVisible);
    this.cleanups.push(() => window.removeEventListener('online', poke));
    this.cleanups.push(() => document.removeEventListener('visibilitychange', onVisible));
    // Work done on this device is sent as soon as it is written, not at the next tick.
    let nudge: ReturnType<typeof setTimeout> | null = null;
    const waiting = liveQuery(() =>
      this.db.outbox.where('acknowledged').equals(0).count(),
    ).subscribe((count) => {
      if (count === 0 || this.stopped) return;
      if (nudge) clearTimeout(nudge);
      nudge = setTimeout(poke, 200);
    });
    this.cleanups.push(() => {
      waiting.unsubscribe();
      if (nudge) clearTimeout(nudge);
    });
    void this.listen();
    void this.syncNow();
    // Left packed by a first sync the app was closed after.
    this.moveHistory();
  }

  /** A first sync's history, kept packed, moves into its stream rows in the background. */
  private moveHistory() {
    if (this.stopped) return;
    this.unpacking ??= unpackHistory(this.db)
      .catch(() => undefined)
      .finally(() => {
        this.unpacking = null;
      });
  }

  stop() {
    this.stopped = true;
    this.liveAbort.abort();
    if (this.timer) clearTimeout(this.timer);
    for (const cleanup of this.cleanups) cleanup();
  }

  /** Syncs now, or once more right after the round in progress. */
  async syncNow(): Promise<void> {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.onStatus({ state: 'syncing' });
    const round = () =>
      syncOnce(this.db, this.api, this.actor, this.deviceId, (progress) =>
        this.onStatus({ progress }),
      );
    try {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      if (locks) await locks.request('mymedic-sync', round);
      else await round();
      this.failures = 0;
      this.moveHistory();
      this.onStatus({
        state: 'synced',
        lastSyncAt: new Date().toISOString(),
        message: null,
        progress: null,
      });
    } catch (error) {
      this.failures += 1;
      // The next round counts afresh from where this one stopped.
      this.onStatus({ progress: null });
      if (error instanceof ApiError && error.body?.code === 'device_revoked') {
        this.stop();
        this.onDeviceRevoked?.();
        return;
      }
      if (error instanceof ApiError && error.status === 401) {
        this.onStatus({
          state: 'signed_out',
          message: 'Sign in again to sync; your work is kept on this device',
        });
      } else if (error instanceof ApiError && error.status === 0) {
        this.onStatus({ state: 'offline', message: null });
      } else {
        this.onStatus({
          state: 'error',
          message: error instanceof Error ? error.message : 'Sync failed',
        });
      }
    } finally {
      this.running = false;
    }
    if (this.again) {
      this.again = false;
      return this.syncNow();
    }
    this.schedule();
  }

  private schedule() {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const backoff =
      this.failures === 0
        ? this.intervalMs
        : Math.min(60_000, 1000 * 2 ** Math.min(this.failures, 6));
    const jitter = backoff * (0.5 + Math.random() * 0.5);
    this.timer = setTimeout(() => void this.syncNow(), jitter);
  }

  /** The live stream: every announced head sets off a sync; it reconnects after a pause. */
  private async listen() {
    while (!this.stopped) {
      try {
        await this.api.live(() => void this.syncNow(), this.liveAbort.signal);
      } catch {
        // offline, or the token expired: the timer keeps syncing meanwhile
      }
      if (this.stopped) return;
      await new Promise((resolve) => setTimeout(resolve, 5000 * (0.5 + Math.random())));
    }
  }
}
