import type { Database, TransactionSql } from '../db/database';
import { utcIsoText } from '../db/times';
import { asSignIn, withTenant } from '../db/tenant';
import { readModels as allReadModels } from './folded-states';
import type { ProjectionLag } from './lag';
import {
  isPassingFailure,
  listHospitals,
  lockCheckpoint,
  moveCheckpoint,
  openPage,
  passIdleModels,
  reachableHead,
  readLog,
  setStatus,
} from './projector-sql';
import type { LoggedEvent, ReadModel } from './read-model';
import { RowMemory, type PageMemory } from './row-memory';

export interface ProjectorOptions {
  /** Events applied per transaction (500 unless set). */
  pageSize?: number;
  /** Tries of one event before its projection stops there as failed. */
  maxAttempts?: number;
  /**
   * Least time from one round's start to the next one's for a hospital while pushes keep
   * coming: a burst is applied in a few larger pages, not a round per push.
   */
  roundGapMs?: number;
  /** Hears of each page once it has committed (the server logs it at debug level). */
  onPage?: (page: ProjectedPage) => void;
  /** Hears of each failure: counted against the event, or passing (the server logs it). */
  onFailure?: (failure: ProjectionFailure) => void;
}

/** A page a read model could not apply, and what became of it. */
export interface ProjectionFailure {
  hospitalId: string;
  projection: string;
  error: unknown;
  /**
   * `passing`: not the event's doing (another transaction, the connection), tried again
   * next round and not counted; `counted`: one more try against the event; `stopped`: the
   * model has stopped at it.
   */
  outcome: 'passing' | 'counted' | 'stopped';
}

/** A page of events a read model has applied, and its checkpoint's new position. */
export interface ProjectedPage {
  hospitalId: string;
  projection: string;
  position: number;
  events: number;
}

type Outcome = 'caught-up' | 'more' | 'stopped';

/**
 * Keeps the read models behind the log (docs/read-side.md). Each read model reads each
 * hospital's log from its checkpoint, in pages, and moves the checkpoint in the same
 * transaction as the rows it wrote, under that checkpoint's row lock: every event is
 * applied once, whatever crashes and whichever process runs it. An event a model
 * cannot apply is recorded in `projection_errors` and tried again; after `maxAttempts`
 * tries that model stops there for that hospital, marked failed, and the others go on.
 */
export class Projector {
  private readonly pageSize: number;
  private readonly maxAttempts: number;
  private readonly roundGapMs: number;
  private readonly onPage: (page: ProjectedPage) => void;
  private readonly onFailure: (failure: ProjectionFailure) => void;
  /** Per hospital, the round running now and whether another must follow it. */
  private readonly rounds = new Map<string, { running: Promise<void>; again: boolean }>();
  /** Per hospital and model, the rows this process last wrote (`RowMemory`), least recent first. */
  private readonly memories = new Map<string, RowMemory<unknown>>();
  /** The rows remembered in all, across hospitals and models. */
  private readonly rememberedRows = 20_000;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly database: Database,
    readonly models: readonly ReadModel[] = allReadModels,
    options: ProjectorOptions = {},
  ) {
    // Larger pages catch up sooner after a push storm but take more of the pushes' two
    // cores while it lasts: on PostgreSQL, pages of 2000 caught up 0.2 to 0.4 s after the
    // push benchmark's last push against 0.45 with 500, and cost the push 18 to 23 % of
    // its throughput against 8 (docs/read-side.md). PGlite runs a page in the server's own
    // thread, holding up every request meanwhile.
    this.pageSize = options.pageSize ?? 500;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.roundGapMs = options.roundGapMs ?? 200;
    this.onPage = options.onPage ?? (() => undefined);
    this.onFailure = options.onFailure ?? (() => undefined);
  }

  /** Catches up now and then every `intervalMs`, besides every `wake`. */
  start(intervalMs = 1000) {
    this.stopped = false;
    const tick = () => {
      this.timer = setTimeout(() => {
        void this.catchUpAll()
          .catch(() => undefined)
          .finally(() => {
            if (!this.stopped) tick();
          });
      }, intervalMs);
      this.timer.unref();
    };
    void this.catchUpAll().catch(() => undefined);
    tick();
  }

  /** Stops the timer and waits for the rounds under way. */
  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.rounds.values()].map((round) => round.running));
  }

  /**
   * New events were stored for a hospital: catch up soon. Wakes during a round make one
   * more round after it, not one each.
   */
  wake(hospitalId: string): Promise<void> {
    const round = this.rounds.get(hospitalId);
    if (round) {
      round.again = true;
      return round.running;
    }
    const next = { running: Promise.resolve(), again: false };
    next.running = (async () => {
      try {
        do {
          next.again = false;
          const started = Date.now();
          await this.catchUp(hospitalId);
          const wait = started + this.roundGapMs - Date.now();
          if (next.again && !this.stopped && wait > 0)
            await new Promise((resolve) => setTimeout(resolve, wait));
        } while (next.again && !this.stopped);
      } finally {
        this.rounds.delete(hospitalId);
      }
    })();
    this.rounds.set(hospitalId, next);
    return next.running;
  }

  /** Catches up every hospital some model is behind in. */
  async catchUpAll() {
    for (const hospitalId of await this.hospitalsBehind({ live: true }))
      await this.wake(hospitalId);
  }

  /**
   * The hospitals where some model is behind the head (with `live`, only where that model
   * is live), or not live: one query across tenants, as the sign-in role, which reads
   * heads and checkpoints and nothing of what the read models hold.
   */
  private async hospitalsBehind(options: { live: boolean }) {
    const { rows } = await asSignIn(this.database, (sql) =>
      sql.query<{ hospital_id: string }>(
        `SELECT h.hospital_id FROM hospital_heads AS h
          WHERE EXISTS (
            SELECT 1 FROM unnest($1::text[]) AS m(projection)
              LEFT JOIN projection_checkpoints AS c
                ON c.hospital_id = h.hospital_id AND c.projection = m.projection
              LEFT JOIN projection_state AS s
                ON s.hospital_id = h.hospital_id AND s.projection = m.projection
             WHERE CASE WHEN $2 THEN coalesce(c.position, 0) < h.head
                                     AND coalesce(s.status, 'live') = 'live'
                        ELSE coalesce(c.position, 0) < h.head
                                     OR coalesce(s.status, 'live') <> 'live' END)
          ORDER BY h.hospital_id`,
        [`{${this.models.map((model) => model.name).join(',')}}`, options.live],
      ),
    );
    return rows.map((row) => row.hospital_id);
  }

  /** Brings every read model of one hospital up to its head, or to where it stops. */
  async catchUp(hospitalId: string) {
    const idle = await withTenant(
      this.database,
      hospitalId,
      (sql) =>
        passIdleModels(
          sql,
          hospitalId,
          this.models.filter((model) => !model.after?.length),
        ),
      { derived: true },
    ).catch((error: unknown) => {
      // The models' own steps meet and report whatever this met.
      if (isPassingFailure(error)) return new Set<string>();
      throw error;
    });
    for (const model of this.models) {
      if (idle.has(model.name)) continue;
      let outcome: Outcome = 'more';
      while (outcome === 'more') {
        outcome = await this.step(model, hospitalId, this.pageSize);
        // On PGlite a page runs in this thread without a turn of the event loop: without
        // this, a long catch-up would hold up every request and log line until its end.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /** Applies one page; on a failure, the page's first event alone, to find the culprit. */
  private async step(model: ReadModel, hospitalId: string, pageSize: number): Promise<Outcome> {
    const memory = this.memoryOf(hospitalId, model.name);
    let page: PageMemory<unknown> | undefined;
    try {
      let applied: ProjectedPage | undefined;
      const outcome = await withTenant(
        this.database,
        hospitalId,
        (sql) =>
          this.applyPage(
            sql,
            model,
            hospitalId,
            pageSize,
            (position) => (page = memory.open(position)),
            (applying) => (applied = applying),
          ),
        { derived: true },
      );
      if (applied) {
        page?.committed(applied.position);
        this.keepWithinBudget(hospitalId, model.name);
        this.onPage(applied);
      }
      return outcome;
    } catch (error) {
      memory.forget();
      // A deadlock with a sender, a serialization failure, a cut connection: the event is
      // not at fault, and three of them in a row must not stop the model for good (two
      // processes sending reminders stopped the scheduler so). The next round tries again.
      if (isPassingFailure(error)) {
        this.onFailure({ hospitalId, projection: model.name, error, outcome: 'passing' });
        return 'stopped';
      }
      if (pageSize > 1) return this.step(model, hospitalId, 1);
      const stopped = await this.recordFailure(model, hospitalId, error);
      this.onFailure({
        hospitalId,
        projection: model.name,
        error,
        outcome: stopped ? 'stopped' : 'counted',
      });
      return 'stopped';
    }
  }

  /**
   * Keeps the memories of the hospitals and models that wrote last, up to
   * `rememberedRows` rows in all: a server of many clinics holds the busy ones'.
   */
  private keepWithinBudget(hospitalId: string, projection: string) {
    const key = `${hospitalId} ${projection}`;
    const memory = this.memories.get(key);
    if (!memory) return;
    this.memories.delete(key);
    this.memories.set(key, memory);
    let held = 0;
    for (const each of this.memories.values()) held += each.size;
    for (const [oldest, each] of this.memories) {
      if (held <= this.rememberedRows || oldest === key) break;
      held -= each.size;
      this.memories.delete(oldest);
    }
  }

  private memoryOf(hospitalId: string, projection: string) {
    const key = `${hospitalId} ${projection}`;
    let memory = this.memories.get(key);
    if (!memory) this.memories.set(key, (memory = new RowMemory()));
    return memory;
  }

  private async applyPage(
    sql: TransactionSql,
    model: ReadModel,
    hospitalId: string,
    pageSize: number,
    opened: (position: number) => PageMemory<unknown>,
    applied: (page: ProjectedPage) => void,
  ): Promise<Outcome> {
    const page = await openPage(sql, hospitalId, model, pageSize);
    if (page === undefined) return 'stopped';
    const { position, head, events } = page;
    if (position >= head) return 'caught-up';
    const memory = opened(position);
    if (events.length > 0) await model.apply(sql, hospitalId, events, memory);
    const full = events.length === pageSize;
    const reached = full ? events.at(-1)!.position : head;
    await moveCheckpoint(sql, hospitalId, model.name, reached);
    applied({ hospitalId, projection: model.name, position: reached, events: events.length });
    return full ? 'more' : 'caught-up';
  }

  /**
   * Records the event a model failed on; past the last try, stops the model there and
   * says so (true).
   */
  private async recordFailure(model: ReadModel, hospitalId: string, error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    return withTenant(this.database, hospitalId, async (sql) => {
      const position = await lockCheckpoint(sql, hospitalId, model.name);
      if (position === undefined) return false;
      const { rows } = await sql.query<LoggedEvent>(
        `SELECT position, event_id, type FROM event_store
          WHERE hospital_id = $1 AND position > $2 AND aggregate_type = ANY($3::text[])
          ORDER BY position LIMIT 1`,
        [hospitalId, position, `{${[...model.reads].join(',')}}`],
      );
      const event = rows[0];
      if (!event) return false;
      const { rows: recorded } = await sql.query<{ attempts: number }>(
        `INSERT INTO projection_errors (hospital_id, projection, position, event_id, event_type, error)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (hospital_id, projection, position) DO UPDATE SET
           attempts = projection_errors.attempts + 1, error = EXCLUDED.error, last_failed_at = now()
         RETURNING attempts`,
        [hospitalId, model.name, event.position, event.event_id, event.type, message],
      );
      if (recorded[0]!.attempts >= this.maxAttempts) {
        await setStatus(
          sql,
          hospitalId,
          model.name,
          'failed',
          `stopped at position ${event.position} (${event.type}): ${message}`,
        );
        return true;
      }
      return false;
    });
  }

  /**
   * Rebuilds one read model (or all) from the log, hospital by hospital, while the
   * server goes on answering: each hospital's rebuild is one transaction that empties
   * the model's rows, replays the log and moves the checkpoint, so readers see the old
   * rows until it commits and the new ones after (PostgreSQL's snapshots are the
   * "aside"), and the projector waits on the checkpoint's lock meanwhile. Pushes never
   * wait: they do not touch these tables. A failed model is live again afterwards.
   */
  async rebuild(names?: readonly string[]): Promise<Record<string, number>> {
    const models = names ? this.models.filter((model) => names.includes(model.name)) : this.models;
    const unknown = names?.filter((name) => !this.models.some((model) => model.name === name));
    if (unknown?.length) throw new Error(`No read model named ${unknown.join(', ')}`);
    const counts = Object.fromEntries(models.map((model) => [model.name, 0]));
    for (const [key, memory] of this.memories)
      if (models.some((model) => key.endsWith(` ${model.name}`))) memory.forget();
    for (const hospitalId of await listHospitals(this.database)) {
      for (const model of models) {
        await withTenant(this.database, hospitalId, (sql) =>
          setStatus(sql, hospitalId, model.name, 'rebuilding', null),
        );
        counts[model.name]! += await withTenant(this.database, hospitalId, async (sql) => {
          await lockCheckpoint(sql, hospitalId, model.name, { evenIfStopped: true });
          for (const table of model.tables)
            await sql.query(`DELETE FROM ${table} WHERE hospital_id = $1`, [hospitalId]);
          const head = await reachableHead(sql, hospitalId, model);
          let position = 0;
          let applied = 0;
          for (;;) {
            const events = await readLog(sql, hospitalId, [...model.reads], position, head, 5000);
            if (events.length === 0) break;
            await model.apply(sql, hospitalId, events);
            applied += events.length;
            position = events.at(-1)!.position;
          }
          await sql.query(
            `UPDATE projection_checkpoints SET position = $3, updated_at = now()
              WHERE hospital_id = $1 AND projection = $2`,
            [hospitalId, model.name, head],
          );
          await sql.query(
            'DELETE FROM projection_errors WHERE hospital_id = $1 AND projection = $2',
            [hospitalId, model.name],
          );
          await setStatus(sql, hospitalId, model.name, 'live', null);
          return applied;
        });
      }
    }
    return counts;
  }

  /**
   * Where the read models stand in every hospital where one is behind or not live
   * (a hospital absent from the answer is caught up in every model). Seconds behind
   * count from the oldest event of the model's own types it has not applied: the next
   * event in the log may be another model's, stored long before.
   */
  async lag(): Promise<ProjectionLag[]> {
    const lags: ProjectionLag[] = [];
    for (const hospitalId of await this.hospitalsBehind({ live: false })) {
      await withTenant(this.database, hospitalId, async (sql) => {
        const { rows } = await sql.query<
          Omit<ProjectionLag, 'events_behind' | 'hospital_id'> & {
            oldest: string | null;
          }
        >(
          `SELECT m.projection, coalesce(c.position, 0) AS position, h.head,
                  coalesce(s.status, 'live') AS status, s.detail,
                  ${utcIsoText('e.stored_at')} AS oldest,
                  CASE WHEN e.stored_at IS NULL THEN 0
                       ELSE extract(epoch FROM now() - e.stored_at)::float8 END AS seconds_behind
             FROM unnest($2::text[], $3::text[]) AS m(projection, types)
             JOIN hospital_heads AS h ON h.hospital_id = $1
             LEFT JOIN projection_checkpoints AS c
               ON c.hospital_id = $1 AND c.projection = m.projection
             LEFT JOIN projection_state AS s ON s.hospital_id = $1 AND s.projection = m.projection
             LEFT JOIN LATERAL (
               SELECT stored_at FROM event_store
                WHERE hospital_id = $1 AND position > coalesce(c.position, 0) AND position <= h.head
                  AND aggregate_type = ANY(string_to_array(m.types, ','))
                ORDER BY position LIMIT 1
             ) AS e ON true`,
          [
            hospitalId,
            `{${this.models.map((model) => model.name).join(',')}}`,
            `{${this.models.map((model) => `"${[...model.reads].join(',')}"`).join(',')}}`,
          ],
        );
        for (const row of rows) {
          lags.push({
            hospital_id: hospitalId,
            projection: row.projection,
            status: row.status,
            position: row.position,
            head: row.head,
            events_behind: row.head - row.position,
            seconds_behind: row.oldest ? Math.max(0, row.seconds_behind) : 0,
            detail: row.detail,
          });
        }
      });
    }
    return lags;
  }
}
