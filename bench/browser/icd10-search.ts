/// <reference types="vite/client" />
import listUrl from '../../client/catalogues/icd10cm/icd10cm-codes.tsv.gz?url';
import { listText } from '../../client/src/features/clinical/icd10/catalogue';
import { commonIcd10Codes } from '../../client/src/features/clinical/icd10/common';
import {
  buildIndex,
  parseCodeList,
  searchIndex,
  wordsOf,
} from '../../client/src/features/clinical/icd10/search';
import { latencies } from './timing';

/** What clinicians type for a diagnosis: words, codes, abbreviations and misspellings. */
const typed = [
  'hypertension',
  'type 2 diabetes',
  'malaria',
  'J45.909',
  'pnuemonia',
  'diabtes mellitus',
  'urinary tract infection',
  'htn',
  'fracture of femur',
  'abdominal pain',
  'gastroenteritis',
  'resistent hypertention',
  'sickle cell',
  'chest pain',
  'tuberculosis of lung',
];

const keystrokes = (text: string) =>
  Array.from({ length: text.length }, (_, index) => text.slice(0, index + 1)).filter((query) =>
    query.trim(),
  );

/**
 * The diagnosis search per keystroke over the whole ICD-10-CM list, as the diagnosis
 * form runs it (index built once on the device). Peer: the search the app had before,
 * every title checked for every typed word as a substring, over the same list.
 */
export async function measureIcd10Search(rounds: number) {
  const response = await fetch(listUrl);
  const codes = parseCodeList(await listText(await response.arrayBuffer()));
  let started = performance.now();
  const index = buildIndex(
    codes,
    commonIcd10Codes.map((entry) => entry.code),
  );
  const buildMs = performance.now() - started;
  const titles = codes.map((entry) => entry.title.toLowerCase());
  const search: number[] = [];
  const substring: number[] = [];
  let found = 0;
  for (let round = 0; round < rounds + 1; round += 1) {
    for (const text of typed) {
      for (const query of keystrokes(text)) {
        started = performance.now();
        const matches = searchIndex(index, query);
        const searched = performance.now() - started;
        started = performance.now();
        const words = wordsOf(query);
        const plain: number[] = [];
        for (let position = 0; position < titles.length && plain.length < 8; position += 1)
          if (words.every((word) => titles[position]!.includes(word))) plain.push(position);
        const filtered = performance.now() - started;
        // The first round warms the JIT up and is not counted.
        if (round === 0) continue;
        search.push(searched);
        substring.push(filtered);
        if (query === text && matches.length > 0) found += 1;
      }
    }
  }
  return {
    search: latencies(search),
    substring: latencies(substring),
    codes: codes.length,
    vocabulary: index.vocabulary.length,
    buildMs,
    typedFound: found / rounds,
    typed: typed.length,
  };
}
