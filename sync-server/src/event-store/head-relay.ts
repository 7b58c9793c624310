import pg from 'pg';
import type { Database } from '../db/database';
import { asSignIn } from '../db/tenant';
import type { HeadNotifier } from './heads';

/** The channel every process of one database announces its heads on. */
export const headsChannel = 'mymedic_heads';

/** How a process's listening connection is named in `pg_stat_activity`. */
export const listenerName = (pid = process.pid) => `mymedic heads ${pid}`;

export interface HeadRelayOptions {
  /** The database's address: the listening connection is one of its own, outside the pool. */
  connectionString: string;
  /** The pool: heads are announced through it and read back from it. */
  database: Database;
  heads: HeadNotifier;
  /** Something went wrong that the relay gets over by itself (a cut, a failed NOTIFY). */
  onTrouble: (error: unknown, what: string) => void;
  /** How often the heads of this process's live hospitals are read back (a safety net). */
  recheckMs?: number;
  /** The first wait before listening again after a cut; doubled up to ten times as long. */
  reconnectMs?: number;
}

/**
 * Carries heads between the server processes of one PostgreSQL database, so that a
 * device streaming from any process is poked when any process stores its hospital's
 * events. Each head stored here is announced with NOTIFY after its commit; one
 * connection per process LISTENs and hands the others' heads to the live connections
 * here. A NOTIFY sent while that connection was down never reaches it, so after every
 * (re)connection, and every `recheckMs` besides (a process killed between its commit and
 * its NOTIFY announces nothing), the heads of the hospitals streaming here are read back
 * from the database: no poke is lost, only late.
 */
export class HeadRelay {
  private client: pg.Client | undefined;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private recheckTimer: NodeJS.Timeout | undefined;
  private readonly stopAnnouncing: () => void;
  private readonly recheckMs: number;
  private readonly reconnectMs: number;
  private nextReconnectMs: number;

  constructor(private readonly options: HeadRelayOptions) {
    this.recheckMs = options.recheckMs ?? 5000;
    this.reconnectMs = options.reconnectMs ?? 500;
    this.nextReconnectMs = this.reconnectMs;
    this.stopAnnouncing = options.heads.subscribeAll((hospitalId, head) =>
      this.announce(hospitalId, head),
    );
  }

  /** Listens, then reads the heads back every `recheckMs`. Resolves once listening. */
  async start() {
    this.stopped = false;
    await this.listen();
    const recheck = () => {
      this.recheckTimer = setTimeout(() => {
        void this.readBack().finally(() => {
          if (!this.stopped) recheck();
        });
      }, this.recheckMs);
      this.recheckTimer.unref();
    };
    recheck();
  }

  async stop() {
    this.stopped = true;
    this.stopAnnouncing();
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.recheckTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** NOTIFY on the pool, after the commit: the listening connection may be down now. */
  private announce(hospitalId: string, head: number) {
    this.options.database
      .query('SELECT pg_notify($1, $2)', [headsChannel, `${hospitalId} ${head}`])
      .catch((error: unknown) => this.options.onTrouble(error, 'a head could not be announced'));
  }

  /** Opens the listening connection; on any failure, tries again later. */
  private async listen() {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: listenerName(),
    });
    this.client = client;
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.options.onTrouble(error ?? new Error('connection ended'), 'the head listener was cut');
      this.reconnectLater();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => this.hear(message.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${headsChannel}`);
    } catch (error) {
      onLost(error);
      return;
    }
    this.nextReconnectMs = this.reconnectMs;
    // Whatever was announced while nobody here listened.
    await this.readBack();
  }

  private reconnectLater() {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.listen(), this.nextReconnectMs);
    this.reconnectTimer.unref();
    this.nextReconnectMs = Math.min(this.nextReconnectMs * 2, this.reconnectMs * 10);
  }

  private hear(payload: string | undefined) {
    const [hospitalId, head] = (payload ?? '').split(' ');
    const position = Number(head);
    if (hospitalId && Number.isSafeInteger(position))
      this.options.heads.heard(hospitalId, position);
  }

  /**
   * The heads of the hospitals with live connections here, read from the database (as
   * the sign-in role, which reads heads across hospitals and nothing they hold).
   */
  private async readBack() {
    const hospitals = this.options.heads.hospitalsListenedTo();
    if (hospitals.length === 0) return;
    try {
      const { rows } = await asSignIn(this.options.database, (sql) =>
        sql.query<{ hospital_id: string; head: number }>(
          'SELECT hospital_id, head FROM hospital_heads WHERE hospital_id = ANY($1::uuid[])',
          [`{${hospitals.join(',')}}`],
        ),
      );
      for (const row of rows) this.options.heads.heard(row.hospital_id, row.head);
    } catch (error) {
      this.options.onTrouble(error, 'the heads could not be read back');
    }
  }
}
