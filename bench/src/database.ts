import pg from 'pg';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Names of the benchmark's databases begin so (`BENCH_DATABASE_PREFIX`: a shared server's own prefix). */
const prefix = process.env.BENCH_DATABASE_PREFIX ?? 'mymedic_bench';

/** A fresh database beside the given one, dropped at the end. */
export async function freshDatabase(label: string) {
  const name = `${prefix}_${label}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `pnpm bench needs PostgreSQL: set DATABASE_URL or run one on 127.0.0.1:5432 (${(error as Error).message})`,
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
