import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { rebuildProjections } from '../projections/rebuild';

const { database } = await openDatabase(loadConfig());
const counts = await rebuildProjections(database);
console.log(
  `Rebuilt ${Object.entries(counts)
    .map(([name, events]) => `${name} from ${events} events`)
    .join(', ')}`,
);
await database.close();
