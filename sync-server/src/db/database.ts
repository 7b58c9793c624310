import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import pg from 'pg';

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

/**
 * PostgreSQL, either a server (`pg` pool) or the embedded PGlite. The same SQL runs on
 * both; the rest of the server never knows which one it has.
 */
export interface Database extends Sql {
  readonly kind: 'postgres' | 'pglite';
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 columns (positions, heads, counts) fit in a double long before they matter.
const int8 = 20;
pg.types.setTypeParser(int8, (value) => Number(value));

export function openPostgres(connectionString: string, maxConnections = 10): Database {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
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
    async transaction(work) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work({
          query: (text, params, options) => run(client, text, params, options),
          exec: async (text) => {
            await client.query(text);
          },
        });
        await client.query('COMMIT');
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
  // btree_gist backs the appointments' no-double-booking constraint (migration 0005).
  const database = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    extensions: { btree_gist },
  });
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
    transaction: (work) =>
      database.transaction((tx) =>
        work({
          query: (text, params) => run(tx, text, params),
          exec: async (text) => {
            await tx.exec(text);
          },
        }),
      ),
    close: () => database.close(),
  };
}

/** A Postgres array literal of uuids, which both drivers pass through unchanged. */
export const uuidArray = (ids: Iterable<string>): string => `{${[...ids].join(',')}}`;
