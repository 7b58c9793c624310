import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from './database';

const databaseUrl = process.env.DATABASE_URL;

describe.skipIf(!databaseUrl)('the PostgreSQL pool when a connection is cut', () => {
  let database: Database;
  let administrator: pg.Client;

  beforeAll(async () => {
    database = openPostgres(databaseUrl!, 2);
    administrator = new pg.Client({ connectionString: databaseUrl });
    await administrator.connect();
  });
  afterAll(async () => {
    await database?.close();
    await administrator?.end();
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
});
