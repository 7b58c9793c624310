import { loadConfig } from '../config';
import { openDatabase } from '../db/open';
import { serverProjections } from '../projections';
import { rebuildProjections } from '../projections/rebuild';
import { Projector } from '../read-side/projector';

/**
 * `pnpm rebuild-projections [name ...]`: rebuilds the named read models, or all, from the
 * log. The server keeps answering meanwhile (on PostgreSQL; the embedded database is
 * opened by one process at a time, so stop the server first). The read models kept in
 * the push's transaction (users, appointments) are rebuilt together.
 */
const wanted = process.argv.slice(2);
const { database } = await openDatabase({ ...loadConfig(), logLevel: 'silent' });
const projector = new Projector(database);
const inPush = serverProjections.map((projection) => projection.name);
const behind = projector.models.map((model) => model.name);
const unknown = wanted.filter((name) => !inPush.includes(name) && !behind.includes(name));
if (unknown.length > 0) {
  console.error(
    `No read model named ${unknown.join(', ')}; there are ${[...inPush, ...behind].join(', ')}`,
  );
  await database.close();
  process.exit(2);
}
try {
  const counts = {
    ...(wanted.length === 0 || wanted.some((name) => inPush.includes(name))
      ? await rebuildProjections(database)
      : {}),
    ...(wanted.length === 0 || wanted.some((name) => behind.includes(name))
      ? await projector.rebuild(
          wanted.length === 0 ? undefined : wanted.filter((name) => behind.includes(name)),
        )
      : {}),
  };
  console.log(
    `Rebuilt ${Object.entries(counts)
      .map(([name, events]) => `${name} from ${events} events`)
      .join(', ')}`,
  );
} finally {
  await database.close();
}
