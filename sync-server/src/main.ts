import { buildApp } from './app';
import { loadConfig } from './config';
import { ensurePartitions } from './db/migrate';
import { openDatabase } from './db/open';
import { demoAccounts, demoPassword, seedDemoClinic } from './seed';

const config = loadConfig();
const { database, applied } = await openDatabase(config);
const app = await buildApp({ config, database });
const embedded = !('url' in config.database);
if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrated');

// A fresh embedded install gets the demo clinic; a PostgreSQL database only when asked.
const firstStart = applied.includes('0001_roles.sql');
if (config.seedDemo === 'always' || (config.seedDemo === 'auto' && embedded && firstStart)) {
  if (await seedDemoClinic(app.accounts)) {
    app.log.info(
      `Demo clinic created. Sign in as ${demoAccounts.map((account) => account.email).join(', ')} or test.admin@example.com, password ${demoPassword}`,
    );
  }
}

const partitionTimer = setInterval(
  () => {
    ensurePartitions(database).catch((error: unknown) =>
      app.log.error({ err: error }, 'partition upkeep failed'),
    );
  },
  24 * 60 * 60 * 1000,
);
partitionTimer.unref();

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  await app.close();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ host: config.host, port: config.port });
if (config.tls) {
  const daysLeft = Math.floor((config.tls.validTo.getTime() - Date.now()) / (24 * 60 * 60 * 1000));
  if (daysLeft < 30) {
    app.log.warn(
      `The certificate ${config.tls.certificateFile} ${daysLeft < 0 ? 'has expired' : `expires in ${daysLeft} days`} (${config.tls.validTo.toISOString().slice(0, 10)}): make a new one with pnpm make-certificate`,
    );
  }
}
app.log.info(
  `MyMedic is running on ${config.tls ? 'https' : 'http'}://localhost:${config.port} (${embedded ? `embedded database in ${(config.database as { dataDir: string }).dataDir}` : 'PostgreSQL'})`,
);
