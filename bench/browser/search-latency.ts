import type { PatientRow } from '../../client/src/engine/db';
import type { Actor } from '../../client/src/engine/execute';
import { searchPatients } from '../../client/src/app/patientSearch';
import { deviceWithPatients } from './clinic';
import { typedWithTypos } from './names';
import { latencies } from './timing';

/** Every prefix of the text, as the search box holds it after each keystroke. */
const keystrokes = (text: string) =>
  Array.from({ length: text.length }, (_, index) => text.slice(0, index + 1)).filter((query) =>
    query.trim(),
  );

/**
 * The patient search as the list runs it on each keystroke (the rows loaded once, as
 * PatientList's live query holds them; 200 matches at most), over `patients` patients.
 * Peer: a plain lower-case substring filter of the names over the same rows.
 */
export async function measureSearchLatency(actor: Actor, patients: number, rounds: number) {
  const db = await deviceWithPatients(actor, patients);
  try {
    const rows: PatientRow[] = await db.patients.orderBy('full_name').toArray();
    const search: number[] = [];
    const substring: number[] = [];
    let found = 0;
    for (let round = 0; round < rounds + 1; round += 1) {
      for (const name of typedWithTypos) {
        for (const query of keystrokes(name)) {
          let started = performance.now();
          const matches = searchPatients(rows, query, 200);
          const searched = performance.now() - started;
          started = performance.now();
          const needle = query.toLowerCase();
          const plain = rows.filter((row) => row.full_name.toLowerCase().includes(needle));
          plain.slice(0, 200);
          const filtered = performance.now() - started;
          // The first round warms the JIT up and is not counted.
          if (round === 0) continue;
          search.push(searched);
          substring.push(filtered);
          if (query === name) found += matches.length > 0 ? 1 : 0;
        }
      }
    }
    const nameWords = new Set(rows.flatMap((row) => row.full_name.toLowerCase().split(' ')));
    return {
      search: latencies(search),
      substring: latencies(substring),
      rows: rows.length,
      distinctNameWords: nameWords.size,
      typedNamesFound: found / rounds,
      typedNames: typedWithTypos.length,
    };
  } finally {
    db.close();
    await db.delete();
  }
}
