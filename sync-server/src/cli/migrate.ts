import { loadConfig } from '../config';
import { openDatabase } from '../db/open';

const { database, applied } = await openDatabase(loadConfig());
console.log(applied.length > 0 ? `Applied ${applied.join(', ')}` : 'The database is up to date');
await database.close();
