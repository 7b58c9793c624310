import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { lockDataDirectory } from './data-dir-lock';

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Keeps the statement prepared on the connection under this name, so that a hot
   * statement is parsed and planned once per connection, not at every call (PostgreSQL
   * server only; one name, one text).
   */
  prepareAs?: string;
}

/** What a transaction (or a plain connection) can do: run one parameterised query. */
export interface Sql {
  query<Row = Record<string, unknown>>(
    text: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

/** Inside a transaction: queries, and a last statement that commits with it. */
export interface TransactionSql extends Sql {
  /**
   * Runs the transaction's last statement and its COMMIT in one round trip (on a
   * PostgreSQL server; PGlite commits after the work as usual), so that the row locks it
   * takes are held while the database works, not also while this busy process gets round
   * to sending COMMIT. Nothing may run in the transaction after it. The parameters go
   * inline (strings dollar-quoted); with `prepareAs`, the statement is prepared on the
   * connection (PREPARE, once, in a round trip of its own) and executed.
   */
  queryAndCommit<Row = Record<string, unknown>>(
    text: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<Row>>;
}

/**
 * PostgreSQL, either a server (`pg` pool) or the embedded PGlite. The same SQL runs on
 * both; the rest of the server never knows which one it has.
 */
/** A statement a transaction starts with, sent with BEGIN in one round trip. */
export interface TransactionSetup {
  text: string;
  params: unknown[];
}

export interface Database extends Sql {
  readonly kind: 'postgres' | 'pglite';
  transaction<T>(work: (sql: TransactionSql) => Promise<T>, setup?: TransactionSetup): Promise<T>;
  close(): Promise<void>;
}

// int8 columns (positions, heads, counts) fit in a double long before they matter.
const int8 = 20;
pg.types.setTypeParser(int8, (value) => Number(value));

export function openPostgres(connectionString: string, maxConnections = 10): Database {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
  // Statements each connection has prepared with PREPARE (which a rollback keeps).
  const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();
  // A client that loses its connection must not take the process down. The pool hears
  // it while the client is idle; while it is checked out, and in the moment between
  // (a release inside the parser's loop hands the client on before the rest of the
  // packet, the server's goodbye, is read), only a listener of its own does. The error
  // makes the client unqueryable: its next query fails and the pool discards it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const run = async <Row>(
    client: pg.Pool | pg.PoolClient,
    text: string,
    params?: unknown[],
    options?: QueryOptions,
  ) => {
    const result = options?.prepareAs
      ? await client.query({ name: options.prepareAs, text, values: params })
      : await client.query(text, params);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  };
  return {
    kind: 'postgres',
    query: (text, params, options) => run(pool, text, params, options),
    exec: async (text) => {
      await pool.query(text);
    },
    async transaction(work, setup) {
      const client = await pool.connect();
      let broken = false;
      let committed = false;
      const open = () => {
        if (committed) throw new Error('The transaction has already committed');
        return client;
      };
      try {
        await client.query(
          setup ? `BEGIN;\n${withInlineParameters(setup.text, setup.params)}` : 'BEGIN',
        );
        const result = await work({
          query: (text, params, options) => run(open(), text, params, options),
          exec: async (text) => {
            await open().query(text);
          },
          async queryAndCommit<Row>(text: string, params: unknown[] = [], options?: QueryOptions) {
            let statement = withInlineParameters(text, params);
            if (options?.prepareAs) {
              // Its own name: the protocol's named statements share PREPARE's names.
              const name = `${options.prepareAs}_then_commit`;
              const prepared = preparedOn.get(open()) ?? new Set<string>();
              if (!prepared.has(name)) {
                await open().query(`PREPARE ${name} AS ${text}`);
                preparedOn.set(client, prepared.add(name));
              }
              statement = `EXECUTE ${name}(${params.map(inlineLiteral).join(', ')})`;
            }
            const results = (await open().query(
              `${statement};\nCOMMIT`,
            )) as unknown as pg.QueryResult[];
            committed = true;
            const last = results[0]!;
            return { rows: last.rows as Row[], rowCount: last.rowCount ?? 0 };
          },
        });
        if (!committed) await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

export async function openPglite(dataDir?: string): Promise<Database> {
  // One process at a time: PGlite takes no lock of its own (see data-dir-lock.ts).
  const release = dataDir ? lockDataDirectory(dataDir) : () => undefined;
  let database: PGlite;
  try {
    // btree_gist backs the appointments' no-double-booking constraint (migration 0005),
    // pg_trgm the typo-tolerant patient search (migration 0014).
    database = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      extensions: { btree_gist, pg_trgm },
    });
  } catch (error) {
    release();
    throw dataDir ? new EmbeddedDatabaseUnreadableError(dataDir, error) : error;
  }
  const run = async <Row>(
    target: Pick<PGlite, 'query'>,
    text: string,
    params?: unknown[],
  ): Promise<QueryResult<Row>> => {
    const result = await target.query<Row>(text, params);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  };
  return {
    kind: 'pglite',
    query: (text, params) => run(database, text, params),
    exec: async (text) => {
      await database.exec(text);
    },
    // PGlite is one connection: its own mutex queues transactions one after another.
    // Nothing waits on a round trip in process, so the last statement commits as usual.
    transaction: (work, setup) =>
      database.transaction(async (tx) => {
        if (setup) await run(tx, setup.text, setup.params);
        return work({
          query: (text, params) => run(tx, text, params),
          exec: async (text) => {
            await tx.exec(text);
          },
          queryAndCommit: (text, params) => run(tx, text, params),
        });
      }),
    close: async () => {
      try {
        await database.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * PGlite could not open an existing data directory. PGlite then says no more than
 * `RuntimeError: Aborted()` (electric-sql/pglite#884), so this says what to do.
 */
export class EmbeddedDatabaseUnreadableError extends Error {
  constructor(dataDir: string, cause: unknown) {
    super(
      `The embedded database in ${dataDir} could not be opened (PGlite: ${String(cause)}). ` +
        'Keep a copy of that folder as it is, then restore the last backup into a new ' +
        'DATA_DIR (DATA_DIR=./data-restored pnpm restore FILE, copy jwt-secret across, ' +
        'start with that DATA_DIR); devices then push again what they hold. ' +
        'docs/operations.md, "The embedded database does not open", says more.',
      { cause },
    );
    this.name = 'EmbeddedDatabaseUnreadableError';
  }
}

/**
 * The statement with its `$n` placeholders replaced by literals: strings dollar-quoted
 * with a tag they do not contain, finite numbers, booleans and NULL. For the simple
 * query protocol, which takes several statements but no parameters; the text must hold
 * no `$` but its placeholders.
 */
export function withInlineParameters(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_placeholder, position: string) =>
    inlineLiteral(params[Number(position) - 1]),
  );
}

/** One parameter as a literal (see withInlineParameters). */
export function inlineLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') {
    // The literal ends at the tag's first appearance after the opening one, which must be
    // the closing one: not inside the value, nor begun by the value's end.
    let tag = '$p$';
    for (let attempt = 0; closesEarly(value, tag); attempt += 1) tag = `$p${attempt}$`;
    return `${tag}${value}${tag}`;
  }
  throw new Error(`Cannot inline a parameter of type ${typeof value}`);
}

/** Whether `tag` would appear in `value` followed by `tag` before the closing one. */
function closesEarly(value: string, tag: string) {
  if (value.includes(tag)) return true;
  // Only the value's last few characters can run on into the closing tag.
  const tail = `${value.slice(-(tag.length - 1))}${tag}`;
  return tail.indexOf(tag) !== tail.length - tag.length;
}

/** A Postgres array literal of uuids, which both drivers pass through unchanged. */
export const uuidArray = (ids: Iterable<string>): string => `{${[...ids].join(',')}}`;
