import { compactEventOf, uuidv7, type EventEnvelope } from '@mymedic/shared';
import { LocalDatabase } from '../../client/src/engine/db';
import { byAggregate, confirmedEvent } from '../../client/src/engine/local-log';
import { unpackedEnvelopes } from '../../client/src/engine/packed';
import { projectRow } from '../../client/src/engine/projections';
import { eventsOf, storedEvent, streamRow, type StreamRow } from '../../client/src/engine/streams';
import { measured, type Measured } from './timing';

/*
 * What a page of the first sync costs by part: the same pulled pages written into empty
 * databases one part at a time, each page its own transaction over that table alone, as
 * the engine's one transaction per page would write them. What each row holds, by field.
 */

type Page = EventEnvelope[];

/** The stream rows and projection rows a page makes on an empty device, in memory. */
function rowsOf(schema: LocalDatabase, page: Page) {
  const streams: StreamRow[] = [];
  const projections = new Map<string, unknown[]>();
  for (const [aggregateId, events] of byAggregate(page.map(confirmedEvent))) {
    const row = streamRow(aggregateId, events[0]!.aggregate_type, events.map(storedEvent));
    streams.push(row);
    const projected = projectRow(row.aggregate_type, aggregateId, eventsOf(row));
    if (!projected?.row) continue;
    const name = projected.projector.table(schema).name;
    const rows = projections.get(name) ?? [];
    rows.push(projected.row);
    projections.set(name, rows);
  }
  return { streams, projections };
}

/** Writes each page's rows into a fresh database, one transaction per page: milliseconds. */
interface Writable<Row> {
  name: string;
  bulkPut(rows: Row[]): Promise<unknown>;
}

async function writePages<Row>(
  pick: (db: LocalDatabase) => Writable<Row>,
  pages: Row[][],
): Promise<Measured> {
  const db = new LocalDatabase(`bench-part-${uuidv7()}`);
  try {
    await db.open();
    const table = pick(db);
    return await measured(async () => {
      for (const rows of pages) await db.transaction('rw', table.name, () => table.bulkPut(rows));
    });
  } finally {
    db.close();
    await db.delete();
  }
}

async function compress(text: string, format: CompressionFormat): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream(format));
  return new Response(stream).arrayBuffer();
}

/** JSON characters by top-level field (and by meta's fields), summed over the rows. */
function bytesByField(rows: object[]): Record<string, number> {
  const sizes: Record<string, number> = {};
  const add = (key: string, value: unknown) => {
    // "key":value, as JSON.stringify writes it inside its object
    sizes[key] = (sizes[key] ?? 0) + key.length + 4 + (JSON.stringify(value)?.length ?? 0);
  };
  for (const row of rows)
    for (const [key, value] of Object.entries(row)) {
      add(key, value);
      if (key === 'meta' && value && typeof value === 'object')
        for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>))
          add(`meta.${inner}`, innerValue);
    }
  return sizes;
}

const perRow = (sizes: Record<string, number>, rows: number) =>
  Object.fromEntries(
    Object.entries(sizes)
      .sort(([, left], [, right]) => right - left)
      .map(([key, size]) => [key, Math.round(size / rows)]),
  );

const averageJson = (rows: unknown[]) =>
  rows.length === 0
    ? 0
    : Math.round(
        rows.reduce<number>((sum, row) => sum + JSON.stringify(row).length, 0) / rows.length,
      );

/** The stream rows with each event as an array of its fields (no keys, command id once). */
const arrayStreamRow = (row: StreamRow) => ({
  ...row,
  events: row.events.map((event) => [
    event.event_id,
    event.version,
    event.type,
    event.schema_version,
    event.data,
    event.meta?.user_id,
    event.meta?.device_id,
    event.command_id,
    event.meta?.issued_at,
    event.position,
    event.stored_at,
    ...(event.redacted ? [1] : []),
  ]),
});

export async function measureFirstSyncParts(pages: Page[]) {
  const events = pages.reduce((sum, page) => sum + page.length, 0);
  // Never opened: it only names the projection tables.
  const schema = new LocalDatabase('bench-part-schema');
  let built: ReturnType<typeof rowsOf>[] = [];
  const buildMs = await measured(() => {
    built = pages.map((page) => rowsOf(schema, page));
    return Promise.resolve();
  });
  const streamPages = built.map((page) => page.streams);
  const streamsMs = await writePages((db) => db.streams, streamPages);
  const arrayRows = streamPages.map((rows) => rows.map(arrayStreamRow));
  const streamsAsArraysMs = await writePages(
    (db) => db.streams as unknown as Writable<ReturnType<typeof arrayStreamRow>>,
    arrayRows,
  );

  const tables = new Set(built.flatMap((page) => [...page.projections.keys()]));
  const projections: Record<string, { rows: number; ms: Measured; rowJson: number }> = {};
  for (const name of tables) {
    const rows = built.map((page) => page.projections.get(name) ?? []);
    const ms = await writePages((db) => db.table(name) as Writable<unknown>, rows);
    const flat = rows.flat();
    projections[name] = { rows: flat.length, ms, rowJson: averageJson(flat) };
  }

  // The history of each page kept as one compressed value: the page as the app holds it
  // (envelopes) and as the wire carries it (compact rows), through the browser's gzip.
  const blobs: Record<string, unknown> = {};
  for (const [form, textOf] of [
    ['envelopes', (page: Page) => JSON.stringify(page)],
    ['compact', (page: Page) => JSON.stringify(page.map(compactEventOf))],
  ] as const) {
    let texts: string[] = [];
    const stringifyMs = await measured(() => {
      texts = pages.map(textOf);
      return Promise.resolve();
    });
    for (const format of ['gzip', 'deflate-raw'] as const) {
      let compressed: ArrayBuffer[] = [];
      const compressMs = await measured(async () => {
        compressed = [];
        for (const text of texts) compressed.push(await compress(text, format));
      });
      const toRows = (value: (buffer: ArrayBuffer) => unknown) =>
        compressed.map((buffer, index) => [{ key: `history-${index}`, value: value(buffer) }]);
      const bufferMs = await writePages(
        (db) => db.meta,
        toRows((buffer) => buffer),
      );
      const blobMs = await writePages(
        (db) => db.meta,
        toRows((buffer) => new Blob([buffer])),
      );
      blobs[`${form}-${format}`] = {
        jsonBytes: texts.reduce((sum, text) => sum + text.length, 0),
        compressedBytes: compressed.reduce((sum, buffer) => sum + buffer.byteLength, 0),
        stringifyMs,
        compressMs,
        writeArrayBufferMs: bufferMs,
        writeBlobMs: blobMs,
      };
    }
    // The same text uncompressed, one string per page: what the compression saves.
    blobs[`${form}-text`] = {
      jsonBytes: texts.reduce((sum, text) => sum + text.length, 0),
      stringifyMs,
      writeMs: await writePages(
        (db) => db.meta,
        texts.map((text, index) => [{ key: `history-${index}`, value: text }]),
      ),
    };
  }

  const streamRows = streamPages.flat();
  const storedEvents = streamRows.flatMap((row) => row.events);
  const patients = built.flatMap((page) => page.projections.get('patients') ?? []) as object[];
  return {
    events,
    pages: pages.length,
    buildMs,
    streamsMs,
    streamsAsArraysMs,
    projections,
    blobs,
    streamRowJson: averageJson(streamRows),
    streamRowAsArraysJson: averageJson(arrayRows.flat()),
    storedEventJson: averageJson(storedEvents),
    storedEventByField: perRow(bytesByField(storedEvents), storedEvents.length),
    streamRowByField: perRow(
      bytesByField(streamRows.map(({ events: _events, ...rest }) => rest)),
      streamRows.length,
    ),
    patientRowJson: averageJson(patients),
    patientRowByField: perRow(bytesByField(patients), patients.length),
  };
}

/*
 * The same rows through bare IndexedDB, into stores of chosen indexes: what Dexie adds,
 * what each index entry costs, what the structured clone of objects costs against one
 * string per row.
 */
function openBare(stores: { name: string; keyPath: string; indexes: string[] }[]) {
  const name = `bench-bare-${uuidv7()}`;
  return new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      for (const store of stores) {
        const created = request.result.createObjectStore(store.name, { keyPath: store.keyPath });
        for (const index of store.indexes) created.createIndex(index, index);
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
}

async function bareWrite(keyPath: string, indexes: string[], pages: unknown[][]) {
  const db = await openBare([{ name: 'rows', keyPath, indexes }]);
  try {
    return await measured(async () => {
      for (const rows of pages)
        await new Promise<void>((resolve, reject) => {
          const transaction = db.transaction('rows', 'readwrite');
          const store = transaction.objectStore('rows');
          for (const row of rows) store.put(row);
          transaction.oncomplete = () => resolve();
          transaction.onerror = () => reject(transaction.error ?? new Error('write failed'));
        });
    });
  } finally {
    db.close();
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(db.name);
      request.onsuccess = request.onerror = resolve;
    });
  }
}

export async function measureBareVariants(pages: Page[]) {
  const schema = new LocalDatabase('bench-part-schema');
  const built = pages.map((page) => rowsOf(schema, page));
  const streams = built.map((page) => page.streams);
  const patients = built.map((page) => page.projections.get('patients') ?? []) as {
    patient_id: string;
  }[][];
  const asText = <Row>(pagesOf: Row[][], key: (row: Row) => string) =>
    pagesOf.map((rows) => rows.map((row) => ({ id: key(row), json: JSON.stringify(row) })));
  const patientIndexes = ['full_name', 'archived', 'registered_at'];
  return {
    dexieStreamsBefore: await writePages((db) => db.streams, streams),
    streamsIndexed: await bareWrite('aggregate_id', ['last_position', 'redacted'], streams),
    streamsNoIndex: await bareWrite('aggregate_id', [], streams),
    streamsAsText: await bareWrite(
      'id',
      [],
      asText(streams, (row) => row.aggregate_id),
    ),
    patientsIndexed: await bareWrite('patient_id', patientIndexes, patients),
    patientsNoIndex: await bareWrite('patient_id', [], patients),
    patientsAsText: await bareWrite(
      'id',
      [],
      asText(patients, (row) => row.patient_id),
    ),
    // Both in one transaction per page, as the engine writes them.
    patientsOnePageRow: await bareWrite(
      'id',
      [],
      patients.map((rows, index) => [{ id: `page-${index}`, rows }]),
    ),
    dexieStreamsAfter: await writePages((db) => db.streams, streams),
    dexiePatientsAfter: await writePages((db) => db.patients, patients as never),
  };
}

/*
 * "State first, history after", simulated over the same pages: each page written as its
 * projection rows and its history packed as one value (the compact page's JSON, as text
 * or through gzip) in one transaction, the next page pulled meanwhile as syncOnce does;
 * then the packed pages unpacked into stream rows, as a background task would.
 */
type Pack = 'text' | 'gzip';

async function packedValue(page: Page, pack: Pack): Promise<string | ArrayBuffer> {
  const text = JSON.stringify(page.map(compactEventOf));
  return pack === 'text' ? text : compress(text, 'gzip');
}

async function applyStateFirst(db: LocalDatabase, schema: LocalDatabase, page: Page, pack: Pack) {
  const { projections } = rowsOf(schema, page);
  const value = await packedValue(page, pack);
  const tables = [...projections.keys()];
  await db.transaction('rw', [...tables, 'meta'], async () => {
    for (const [name, rows] of projections) await db.table(name).bulkPut(rows);
    await db.meta.put({ key: `packed-${page[0]!.position}`, value });
    await db.meta.put({ key: 'cursor', value: page.at(-1)!.position });
  });
}

async function unpack(db: LocalDatabase, pack: Pack) {
  const keys = (await db.meta.toCollection().primaryKeys()).filter((key) =>
    key.startsWith('packed-'),
  );
  for (const key of keys) {
    const row = await db.meta.get(key);
    const text =
      pack === 'text'
        ? (row!.value as string)
        : await new Response(
            new Blob([row!.value as ArrayBuffer])
              .stream()
              .pipeThrough(new DecompressionStream('gzip')),
          ).text();
    const grouped = byAggregate(
      unpackedEnvelopes({ first: 0, last: 0, hospital_id: '', events: text }).map(confirmedEvent),
    );
    const ids = [...grouped.keys()];
    await db.transaction('rw', [db.streams, db.meta], async () => {
      const held = await db.streams.bulkGet(ids);
      await db.streams.bulkPut(
        ids.map((id, index) =>
          streamRow(id, grouped.get(id)![0]!.aggregate_type, [
            ...(held[index]?.events ?? []),
            ...grouped.get(id)!.map(storedEvent),
          ]),
        ),
      );
      await db.meta.delete(key);
    });
  }
}

export async function measureStateFirst(
  pages: Page[],
  pull: (after: number) => Promise<{ events: Page; has_more: boolean }>,
) {
  const schema = new LocalDatabase('bench-part-schema');
  const result: Record<string, Measured> = {};
  for (const pack of ['text', 'gzip'] as const) {
    // The pages from memory, nothing pulled.
    const apart = new LocalDatabase(`bench-state-${uuidv7()}`);
    await apart.open();
    result[`${pack}ApplyMs`] = await measured(async () => {
      for (const page of pages) await applyStateFirst(apart, schema, page, pack);
    });
    result[`${pack}UnpackMs`] = await measured(() => unpack(apart, pack));
    apart.close();
    await apart.delete();
    // End to end: pulled as syncOnce pulls, the next page on its way during the writing.
    const db = new LocalDatabase(`bench-state-${uuidv7()}`);
    await db.open();
    result[`${pack}SyncMs`] = await measured(async () => {
      let next: ReturnType<typeof pull> | null = pull(0);
      while (next) {
        const page: { events: Page; has_more: boolean } = await next;
        const last = page.events.at(-1)?.position;
        next = page.has_more && last !== undefined ? pull(last) : null;
        if (page.events.length > 0) await applyStateFirst(db, schema, page.events, pack);
      }
    });
    result[`${pack}SyncUnpackMs`] = await measured(() => unpack(db, pack));
    db.close();
    await db.delete();
  }
  return result;
}
