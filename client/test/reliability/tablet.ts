import type {
  CommandResult,
  CompactPullResponse,
  PullResponse,
  PushResponse,
  Role,
  SessionResponse,
} from '@mymedic/shared';
import { pullResponseOfCompact, rolesOf } from '@mymedic/shared';
import { ApiError, SyncApi } from '../../src/engine/api';
import { LocalDatabase } from '../../src/engine/db';
import { execute, type Actor, type CommandInput } from '../../src/engine/execute';
import { syncOnce } from '../../src/engine/sync';
import type { DeviceLink } from './fault-proxy';

const acknowledgedStatuses = new Set<CommandResult['status']>(['accepted', 'rebased', 'duplicate']);

/**
 * One tablet running the real client engine (Dexie on fake-indexeddb, execute,
 * syncOnce) against the server through its own faulty line. It keeps what it was told:
 * every push result it actually received, so the checks can hold the server to them.
 */
export class Tablet {
  readonly db: LocalDatabase;
  readonly api: SyncApi;
  readonly actor: Actor;
  /** The tablet's clock runs this far from the real one (it jumps). */
  clockOffsetMs = 0;
  /** The sync round in progress, if any: one at a time, as the SyncEngine runs them. */
  private syncing: Promise<unknown> | null = null;
  /** Push results received with accepted, rebased or duplicate. */
  readonly acknowledged: CommandResult[] = [];
  /** Every command this tablet queued, by id. */
  readonly issued = new Map<string, string>();
  readonly syncFailures = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly deviceId: string,
    session: SessionResponse,
    readonly link: DeviceLink,
  ) {
    this.db = new LocalDatabase(`convergence-${deviceId}`);
    this.actor = {
      hospitalId: session.user.hospital_id,
      userId: session.user.user_id,
      roles: rolesOf(session.user),
    };
    this.api = new SyncApi(
      link.url,
      { token: session.token, refresh_token: session.refresh_token },
      () => undefined,
      (input, init) => this.fetchRecording(input, init),
    );
  }

  get roles(): Role[] {
    return this.actor.roles;
  }

  /** The first of the person's roles, to name the tablet in reports. */
  get role(): Role {
    return this.actor.roles[0]!;
  }

  now() {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  /** What the tablet did and heard, with times: printed when a run fails. */
  readonly journal: string[] = [];

  private note(line: string) {
    this.journal.push(`${new Date().toISOString().slice(11)} ${line}`);
  }

  private async fetchRecording(input: RequestInfo | URL, init?: RequestInit) {
    const url = input instanceof Request ? input.url : input.toString();
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    this.note(`-> ${init?.method ?? 'GET'} ${path}`);
    let response: Response;
    try {
      // A request the network swallows whole fails after a while, as a real one does.
      response = await fetch(input, { signal: AbortSignal.timeout(30_000), ...init });
    } catch (error) {
      this.note(`<- ${path} failed: ${String(error)}`);
      throw error;
    }
    if (!response.ok) this.note(`<- ${path} ${response.status}`);
    else if (path === '/sync/push') {
      const { results } = (await response.clone().json()) as PushResponse;
      this.note(
        `<- push ${results.map((result) => `${result.command_id} ${result.status}`).join(', ')}`,
      );
      for (const result of results)
        if (acknowledgedStatuses.has(result.status)) this.acknowledged.push(result);
    } else if (path.startsWith('/sync/pull')) {
      const page = (await response.clone().json()) as PullResponse | CompactPullResponse;
      const { events } = 'format' in page ? pullResponseOfCompact(page) : page;
      this.note(
        `<- pull ${events.map((event) => `${event.position}:${event.meta.command_id}`).join(' ')}`,
      );
    }
    return response;
  }

  async execute(input: CommandInput) {
    const command = await execute(this.db, this.actor, input, this.now());
    this.note(
      `${input.type} on ${input.aggregate_id}: ${command?.command_id ?? 'nothing to send'}`,
    );
    if (command) this.issued.set(command.command_id, command.type);
    return command;
  }

  /** Starts a sync round in the background unless one is running. */
  startSync() {
    this.syncing ??= this.syncNow().finally(() => {
      this.syncing = null;
    });
  }

  get isSyncing() {
    return this.syncing !== null;
  }

  /** Waits for the round in progress, if any. */
  async settle() {
    await this.syncing;
  }

  /** One sync round now; a failure is counted by kind and reported, never thrown. */
  async syncNow(): Promise<Error | null> {
    try {
      await syncOnce(this.db, this.api, this.actor, this.deviceId);
      return null;
    } catch (error) {
      const kind =
        error instanceof ApiError
          ? `ApiError ${error.status}`
          : `${(error as Error).name}: ${(error as Error).message}`;
      this.syncFailures.set(kind, (this.syncFailures.get(kind) ?? 0) + 1);
      return error as Error;
    }
  }
}
