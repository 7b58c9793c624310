import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from './database';

const databaseUrl = process.env.DATABASE_URL;

describe.skipIf(!databaseUrl)('the PostgreSQL pool when a connection is cut', () => {
  let database: Database;
  let administrator: pg.Client;

  // A database of its own: the connections cut here are nobody else's.
  const scratch = `mymedic_pool_${process.pid}`;
  const on = (name: string) => {
    const url = new URL(databaseUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const asOwner = async (statement: string) => {
    const client = new pg.Client({ connectionString: on('postgres') });
    await client.connect();
    await client.query(statement);
    await client.end();
  };

  beforeAll(async () => {
    await asOwner(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await asOwner(`CREATE DATABASE ${scratch}`);
    database = openPostgres(on(scratch), 4);
    administrator = new pg.Client({ connectionString: on(scratch) });
    await administrator.connect();
  });
  afterAll(async () => {
    await database?.close();
    await administrator?.end();
    await asOwner(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  });

  it('fails the transaction, keeps the process up and serves the next one', async () => {
    const cutBetweenQueries = database.transaction(async (sql) => {
      const { rows } = await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await administrator.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      // The termination reaches the client while no query of it is running.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return sql.query('SELECT 1');
    });
    await expect(cutBetweenQueries).rejects.toThrow();
    const { rows } = await database.transaction((sql) =>
      sql.query<{ answer: number }>('SELECT 42 AS answer'),
    );
    expect(rows[0]!.answer).toBe(42);
  });

  it('stays up while connections are cut at random under load', async () => {
    // The goodbye can reach a client in the same packet as the answer that releases it
    // to the next waiter, before that waiter has a listener: a window of microseconds,
    // found within a second or so this way.
    const until = Date.now() + 1500;
    const outcomes = { answered: 0, failed: 0 };
    const work = async (kind: number) => {
      while (Date.now() < until) {
        try {
          if (kind % 2 === 0)
            await database.transaction(async (sql) => {
              await sql.query('SELECT 1');
              await sql.query('SELECT pg_sleep(0.001)');
            });
          else await database.query('SELECT pg_sleep(0.001)');
          outcomes.answered += 1;
        } catch {
          outcomes.failed += 1;
        }
      }
    };
    const cut = async () => {
      while (Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 15));
        await administrator.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
      }
    };
    await Promise.all([...Array.from({ length: 8 }, (_, kind) => work(kind)), cut()]);
    expect(outcomes.answered).toBeGreaterThan(0);
    expect(outcomes.failed).toBeGreaterThan(0);
  });
});
