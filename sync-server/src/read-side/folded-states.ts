import { getAggregate, upcastEventOf, type AggregateType, type StateOf } from '@mymedic/shared';
import { uuidArray, type Sql } from '../db/database';
import { isoInstant, utcIsoText } from '../db/times';
import type { ReadModel } from './read-model';
import type { PageMemory } from './row-memory';

/** The columns a table keeps beside the state, for searching and sorting. */
type Columns = Record<string, string | number | boolean | null>;

interface FoldedStateModel<Type extends AggregateType> {
  name: string;
  aggregateType: Type;
  table: string;
  idColumn: string;
  /** The table's own columns, as SQL types, and their values from the folded state. */
  columnTypes: Record<string, string>;
  columns(state: StateOf<Type>): Columns;
  /** Tables kept from the rows just written, in the same transaction, and how. */
  beside?: BesideTables;
}

/** The rows an upsert wrote: the aggregate's id with the table's own columns. */
type WrittenRow = { id: string } & Columns;

interface BesideTables {
  /** Emptied with the model's own table before a rebuild. */
  tables: readonly string[];
  write(sql: Sql, hospitalId: string, rows: WrittenRow[]): Promise<void>;
}

/** A row as the model folds it, read back or remembered (`RowMemory`). */
interface HeldRow<Type extends AggregateType> {
  version: number;
  state: StateOf<Type>;
  created_at: string;
  updated_at: string;
}

interface StoredRow {
  id: string;
  version: number;
  state: unknown;
  created_at: string;
  updated_at: string;
}

/**
 * A read model that keeps each aggregate's folded state (the shared evolve, the very
 * fold the tablets run) with a few columns drawn from it. A page of events is folded in
 * memory onto the rows it touches and written with one upsert. An event at or below a
 * row's version is one the row already holds and is passed over.
 */
export function foldedStateModel<Type extends AggregateType>(
  model: FoldedStateModel<Type>,
): ReadModel {
  const columnNames = Object.keys(model.columnTypes);
  const recordType = [
    'id uuid',
    'version integer',
    'state jsonb',
    'created_at timestamptz',
    'updated_at timestamptz',
    ...columnNames.map((name) => `${name} ${model.columnTypes[name]}`),
  ].join(', ');
  const written = ['version', 'state', 'updated_at', ...columnNames];
  const aggregate = getAggregate(model.aggregateType);

  return {
    name: model.name,
    reads: new Set<AggregateType>([model.aggregateType]),
    tables: [model.table, ...(model.beside?.tables ?? [])],
    async apply(sql, hospitalId, events, memory) {
      const ids = [...new Set(events.map((event) => event.aggregate_id))];
      const held = memory as PageMemory<HeldRow<Type>> | undefined;
      const current = new Map<string, HeldRow<Type>>();
      for (const id of ids) {
        const row = held?.get(id);
        if (row) current.set(id, row);
      }
      const unheld = ids.filter((id) => !current.has(id));
      const { rows } =
        unheld.length === 0
          ? { rows: [] }
          : await sql.query<StoredRow>(
              `SELECT ${model.idColumn} AS id, version, state, ${utcIsoText('created_at')} AS created_at,
                      ${utcIsoText('updated_at')} AS updated_at
                 FROM ${model.table} WHERE hospital_id = $1 AND ${model.idColumn} = ANY($2::uuid[])`,
              [hospitalId, uuidArray(unheld)],
            );
      for (const row of rows)
        current.set(row.id, {
          version: row.version,
          state: row.state as StateOf<Type>,
          created_at: isoInstant(row.created_at),
          updated_at: isoInstant(row.updated_at),
        });
      // The columns as stored, for the tables kept beside: only the rows whose columns a
      // page changed are written there again (a page of phone numbers, consents and
      // allergies leaves the names' words as they were).
      const storedColumns = new Map(
        model.beside
          ? [...current].map(([id, row]) => [id, model.columns(row.state)] as const)
          : [],
      );
      const changed = new Set<string>();
      for (const event of events) {
        const row = current.get(event.aggregate_id);
        if (row && event.version <= row.version) continue;
        changed.add(event.aggregate_id);
        const state = aggregate.evolve(
          row?.state ?? aggregate.initialState,
          upcastEventOf(model.aggregateType, event),
        );
        current.set(event.aggregate_id, {
          version: event.version,
          state,
          created_at: row?.created_at ?? event.stored_at,
          updated_at: event.stored_at,
        });
      }
      for (const [id, row] of current) held?.hold(id, row);
      // Only the rows an event changed: one the page held already is written as it was.
      const records = [...changed].map((id) => {
        const row = current.get(id)!;
        return { id, ...row, ...model.columns(row.state) };
      });
      if (records.length === 0) return;
      await sql.query(
        `INSERT INTO ${model.table} (hospital_id, ${model.idColumn}, created_at, ${written.join(', ')})
         SELECT $1, id, created_at, ${written.join(', ')}
           FROM jsonb_to_recordset($2::jsonb) AS r(${recordType})
         ON CONFLICT (hospital_id, ${model.idColumn}) DO UPDATE SET
           ${written.map((name) => `${name} = EXCLUDED.${name}`).join(', ')}`,
        [hospitalId, JSON.stringify(records)],
      );
      if (!model.beside) return;
      const renamed = records.flatMap((record) => {
        const columns = model.columns(record.state);
        const stored = storedColumns.get(record.id);
        return stored && columnNames.every((name) => stored[name] === columns[name])
          ? []
          : [{ id: record.id, ...columns }];
      });
      if (renamed.length > 0) await model.beside.write(sql, hospitalId, renamed);
    },
  };
}

const digitsOf = (phone: string | null | undefined) => phone?.replace(/\D/g, '') || null;

/**
 * The words of the patients' names, for the search (migration 0018): each patient's
 * words with the name (a new name's replace the old's), and the hospital's vocabulary,
 * split by the database's own `name_words` as the search splits what is typed.
 */
const nameWords: BesideTables = {
  tables: ['patient_words', 'patient_name_words'],
  async write(sql, hospitalId, rows) {
    await sql.query(
      `WITH written AS (
         SELECT id, full_name FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, full_name text)
       ),
       renamed AS (
         DELETE FROM patient_words AS held USING written
          WHERE held.hospital_id = $1 AND held.patient_id = written.id
            AND held.full_name <> written.full_name
       ),
       words AS (
         SELECT written.id, written.full_name, word
           FROM written, name_words(written.full_name) AS word
       ),
       indexed AS (
         INSERT INTO patient_words (hospital_id, word, full_name, patient_id)
         SELECT $1, word, full_name, id FROM words ON CONFLICT DO NOTHING
       )
       INSERT INTO patient_name_words (hospital_id, word)
       SELECT DISTINCT $1::uuid, word FROM words ON CONFLICT DO NOTHING`,
      [hospitalId, JSON.stringify(rows.map(({ id, full_name }) => ({ id, full_name })))],
    );
  },
};

const patients = foldedStateModel({
  name: 'patients',
  aggregateType: 'patient',
  table: 'patients',
  idColumn: 'patient_id',
  columnTypes: { mrn: 'text', full_name: 'text', phone_digits: 'text', archived: 'boolean' },
  columns: (state) => ({
    mrn: state.mrn ?? '',
    full_name: state.details?.full_name ?? '',
    phone_digits: digitsOf(state.details?.phone),
    archived: state.archived,
  }),
  beside: nameWords,
});

const visits = foldedStateModel({
  name: 'visits',
  aggregateType: 'visit',
  table: 'visits',
  idColumn: 'visit_id',
  columnTypes: { patient_id: 'uuid' },
  columns: (state) => ({ patient_id: state.patient_id }),
});

/** The patient and visit a record belongs to, from the record its state holds. */
const linksOf = (record: { patient_id: string; visit_id: string | null } | null) => ({
  patient_id: record?.patient_id ?? null,
  visit_id: record?.visit_id ?? null,
});

const vitals = foldedStateModel({
  name: 'vitals',
  aggregateType: 'vitals',
  table: 'vitals',
  idColumn: 'vitals_id',
  columnTypes: { patient_id: 'uuid', visit_id: 'uuid' },
  columns: (state) => linksOf(state.measurement),
});

const notes = foldedStateModel({
  name: 'notes',
  aggregateType: 'note',
  table: 'notes',
  idColumn: 'note_id',
  columnTypes: { patient_id: 'uuid', visit_id: 'uuid' },
  columns: (state) => ({ patient_id: state.patient_id, visit_id: state.visit_id }),
});

const prescriptions = foldedStateModel({
  name: 'prescriptions',
  aggregateType: 'prescription',
  table: 'prescriptions',
  idColumn: 'prescription_id',
  columnTypes: { patient_id: 'uuid', visit_id: 'uuid' },
  columns: (state) => linksOf(state.prescription),
});

const documents = foldedStateModel({
  name: 'documents',
  aggregateType: 'document',
  table: 'documents',
  idColumn: 'document_id',
  // Since when the patient portal shows it (docs/portal.md), which its policy reads.
  columnTypes: { patient_id: 'uuid', visit_id: 'uuid', shared_at: 'timestamptz' },
  columns: (state) => ({ ...linksOf(state.document), shared_at: state.shared_at ?? null }),
});

/** The read models the projector keeps, in the order it runs them. */
export const readModels: ReadModel[] = [patients, visits, vitals, notes, prescriptions, documents];
