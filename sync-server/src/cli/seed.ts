import { buildApp } from '../app';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { demoAccounts, demoPassword, seedDemoClinic } from '../seed';

const config = { ...loadConfig(), logLevel: 'silent' };
const { database } = await openDatabase(config);
const app = await buildApp({ config, database });
const created = await seedDemoClinic(app.accounts);
console.log(
  created
    ? `Demo clinic created: ${demoAccounts.map((account) => account.email).join(', ')}, test.admin@example.com; password ${demoPassword}`
    : 'The demo clinic already exists',
);
await app.close();
await database.close();
