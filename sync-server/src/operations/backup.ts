import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Database, Sql } from '../db/database';
import { rebuildProjections } from '../projections/rebuild';
import { Projector } from '../read-side/projector';
import { createSnapshots } from './snapshots';

/**
 * What a backup holds: everything that is not derived. The log and what numbers it
 * (heads, streams, the commands' idempotency records), the accounts' credentials,
 * sessions, who changed whose password, and revoked devices, the document files (kept in the database), and the
 * reminder outbox with the scheduler's checkpoint: the outbox records what was sent, so
 * a restored server does not send it again (docs/reminders.md, "Backup and restore"),
 * and the WhatsApp webhook's receipts, so a status Meta delivers again after a restore
 * is still known as seen and appends nothing twice.
 * Read models are left out: a restore rebuilds them from the log. Sign-in failures are
 * left out too: they only slow down guessing, for an hour.
 */
export const backedUpTables = [
  'hospital_heads',
  'streams',
  'event_store',
  'commands',
  'credentials',
  'password_changes',
  'refresh_tokens',
  'revoked_devices',
  'document_files',
  'reminder_outbox',
  'whatsapp_webhook_receipts',
  'projection_checkpoints',
] as const;
type BackedUpTable = (typeof backedUpTables)[number];

/**
 * Every other table, and why a backup leaves it out: each is derived from the log (a
 * restore rebuilds it) or short-lived by nature. A new table must be named in one list
 * or the other (the backup tests fail otherwise).
 */
export const tablesLeftOut: Record<string, string> = {
  schema_migrations: 'written by the migrations the restored server runs',
  aggregate_snapshots: 'a cache of folded streams, made again by the restore',
  appointments: 'a read model, rebuilt from the log',
  users: 'a read model, rebuilt from the log',
  patients: 'a read model, rebuilt from the log',
  patient_words: 'part of the patients read model',
  patient_name_words: 'part of the patients read model',
  visits: 'a read model, rebuilt from the log',
  vitals: 'a read model, rebuilt from the log',
  notes: 'a read model, rebuilt from the log',
  prescriptions: 'a read model, rebuilt from the log',
  documents: 'a read model, rebuilt from the log',
  projection_state: "the read models' state, live again after their rebuild",
  projection_errors: "the read models' failures, cleared by their rebuild",
  login_failures: 'only slow down guessing, for an hour',
  portal_challenges: "patients' sign-in codes: valid ten minutes",
  portal_sessions: 'patients sign in again with a new code',
};

/**
 * The rows of a table a backup holds, where not all of them: of the checkpoints only
 * the reminder scheduler's, which belongs with its outbox (the read models' checkpoints
 * are made afresh by their rebuild).
 */
const rowsKept: Partial<Record<BackedUpTable, string>> = {
  projection_checkpoints: "projection = 'reminders'",
};

const format = 'mymedic-backup';
const formatVersion = 1;

interface Header {
  format: typeof format;
  version: number;
  created_at: string;
  migrations: string[];
}

/** Counts of rows per table, the last line: a file without it was cut short. */
interface Trailer {
  end: Record<string, number>;
}

/**
 * Writes one gzip file of JSON lines: a header, then per table a `{"table": name}` line
 * and its rows (`row_to_json`, so any column type comes back through
 * `json_populate_recordset`), then the row counts. One read-only transaction at
 * REPEATABLE READ, so the file is one moment of the database even while devices push.
 * Row level security is switched off for it, which only a superuser (or a role with
 * BYPASSRLS) may do: a role that may not fails here rather than writing a backup that
 * silently misses hospitals.
 */
export async function writeBackup(
  database: Database,
  file: string,
): Promise<Record<string, number>> {
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(file));
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  const counts: Record<string, number> = {};
  try {
    await database.transaction(
      async (sql) => {
        await sql.query('SET LOCAL row_security = off');
        const header: Header = {
          format,
          version: formatVersion,
          created_at: new Date().toISOString(),
          migrations: await appliedMigrations(sql),
        };
        await write(JSON.stringify(header));
        for (const table of backedUpTables) {
          await write(JSON.stringify({ table }));
          counts[table] = 0;
          await sql.query(`DECLARE rows_of_${table} NO SCROLL CURSOR FOR
                             SELECT row_to_json(t)::text AS row FROM ${table} AS t
                              WHERE ${rowsKept[table] ?? 'true'}`);
          for (;;) {
            const { rows } = await sql.query<{ row: string }>(`FETCH 2000 FROM rows_of_${table}`);
            for (const { row } of rows) await write(row);
            counts[table] += rows.length;
            if (rows.length < 2000) break;
          }
          await sql.query(`CLOSE rows_of_${table}`);
        }
        await write(JSON.stringify({ end: counts } satisfies Trailer));
      },
      { text: 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY', params: [] },
    );
  } finally {
    gzip.end();
    await written;
  }
  return counts;
}

/**
 * Brings a backup into an empty, migrated database, then rebuilds every read model from
 * the restored log and snapshots its long streams (`snapshotEvery`, as pushes do), so
 * that the first push to a patient of many years folds from a snapshot, as it did before
 * the loss, not from the patient's first event. Positions, versions and ids are restored as they were, so a device
 * that synced before goes on pulling from its cursor and pushing its outbox (its
 * commands already stored are answered from their idempotency records). Refuses a
 * database that already holds a hospital, a file from newer software (a migration this
 * server does not know) and a file cut short, storing nothing.
 */
export async function restoreBackup(
  database: Database,
  file: string,
  { snapshotEvery }: { snapshotEvery: number },
) {
  const counts: Record<string, number> = {};
  await database.transaction(async (sql) => {
    await sql.query('SET LOCAL row_security = off');
    const { rows: present } = await sql.query('SELECT 1 FROM hospital_heads LIMIT 1');
    if (present.length > 0)
      throw new Error('This database already holds a clinic: restore into an empty one');
    let header: Header | undefined;
    let table: string | undefined;
    let batch: string[] = [];
    let trailer: Trailer | undefined;
    const flush = async () => {
      if (!table || batch.length === 0) return;
      await sql.query(
        `INSERT INTO ${table} SELECT * FROM json_populate_recordset(null::${table}, $1::json)`,
        [`[${batch.join(',')}]`],
      );
      counts[table] = (counts[table] ?? 0) + batch.length;
      batch = [];
    };
    // Opened only now: lines a reader emits before the loop takes them would be lost.
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()) });
    for await (const line of lines) {
      if (!header) {
        header = parseHeader(line);
        const known = new Set(await appliedMigrations(sql));
        const unknown = header.migrations.filter((name) => !known.has(name));
        if (unknown.length > 0)
          throw new Error(
            `The backup comes from newer software (migrations ${unknown.join(', ')}): upgrade this server first`,
          );
        continue;
      }
      if (trailer) throw new Error('The backup has lines after its end');
      if (line.startsWith('{"table":')) {
        await flush();
        const named = (JSON.parse(line) as { table: string }).table;
        if (!(backedUpTables as readonly string[]).includes(named))
          throw new Error(`The backup holds a table this server does not restore: ${named}`);
        table = named;
      } else if (line.startsWith('{"end":')) {
        await flush();
        trailer = JSON.parse(line) as Trailer;
      } else {
        if (!table) throw new Error('The backup has rows before any table');
        batch.push(line);
        if (batch.length === 1000) await flush();
      }
    }
    if (!header) throw new Error('The file is empty, not a MyMedic backup');
    if (!trailer) throw new Error('The backup is cut short (no end line): nothing restored');
    for (const name of backedUpTables) {
      if ((trailer.end[name] ?? 0) !== (counts[name] ?? 0))
        throw new Error(
          `The backup's ${name} should hold ${trailer.end[name] ?? 0} rows and holds ${counts[name] ?? 0}: nothing restored`,
        );
    }
  });
  const serverModels = await rebuildProjections(database);
  const readModels = await new Projector(database).rebuild();
  const snapshots = await createSnapshots(database, { every: snapshotEvery });
  return { rows: counts, rebuilt: { ...serverModels, ...readModels }, snapshots };
}

function parseHeader(line: string): Header {
  let parsed: Partial<Header>;
  try {
    parsed = JSON.parse(line) as Partial<Header>;
  } catch {
    throw new Error('Not a MyMedic backup (its first line is not JSON)');
  }
  if (parsed.format !== format || !Array.isArray(parsed.migrations))
    throw new Error('Not a MyMedic backup');
  if (parsed.version !== formatVersion)
    throw new Error(
      `A backup of format ${String(parsed.version)}; this server reads ${formatVersion}`,
    );
  return parsed as Header;
}

async function appliedMigrations(sql: Sql) {
  const { rows } = await sql.query<{ version: string }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  return rows.map((row) => row.version);
}
