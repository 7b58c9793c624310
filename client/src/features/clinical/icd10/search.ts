import { expandAbbreviation } from './abbreviations';
import { slipsBetween } from './slips';

/** One code of the list, as a visit records it (with its dot: J45.909). */
export interface Icd10Code {
  code: string;
  title: string;
}

/**
 * A search index over the ICD-10-CM list, built once on the device. Titles are cut into
 * words; the few thousand distinct words form a sorted vocabulary, and each word knows
 * the codes whose title holds it. A query's words are looked up in the vocabulary
 * (exactly, as the start of a word, or within one or two slips), so a keystroke compares
 * the query with thousands of words, not with 74,719 titles.
 */
export interface Icd10Index {
  codes: Icd10Code[];
  /** The codes without their dot, sorted, for a search by code. */
  bareCodes: string[];
  /** Positions in `codes`, in the order of `bareCodes`. */
  codeOrder: Int32Array;
  vocabulary: string[];
  /**
   * For each vocabulary word, the positions of the codes whose title holds it: those of
   * word w are `postings[postingStart[w] .. postingStart[w + 1])`. Two flat arrays, not
   * 7,000 small ones, keep the index compact on a tablet.
   */
  postingStart: Int32Array;
  postings: Int32Array;
  /** For each code, the vocabulary positions of its title's words, laid out the same way. */
  titleStart: Int32Array;
  titleWords: Int32Array;
  /** Codes a clinic uses often: found first when they match. */
  common: Set<string>;
}

/**
 * The quality of a word's match: an exact word beats the start of one, which beats one
 * slip, which beats two (or a slip in the start of a longer word).
 */
const exact = 6;
const startOf = 4;
const oneSlip = 3;
const twoSlips = 2;

/** Words that carry no meaning of their own in a title: left out of a query. */
const linkingWords = new Set([
  'of',
  'and',
  'with',
  'the',
  'in',
  'to',
  'or',
  'for',
  'due',
  'by',
  'on',
]);

export const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** "J45909" -> "J45.909": the dot after the category, as codes are written and stored. */
export const withDot = (bare: string) =>
  bare.length > 3 ? `${bare.slice(0, 3)}.${bare.slice(3)}` : bare;

/** Reads the list's file: one code and its title per line, tab between, code without dot. */
export function parseCodeList(text: string): Icd10Code[] {
  const codes: Icd10Code[] = [];
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 1) continue;
    codes.push({ code: withDot(line.slice(0, tab).trim()), title: line.slice(tab + 1).trim() });
  }
  return codes;
}

/**
 * A title's words, lower-case: the list is ASCII (see its SOURCE file), so a loop over
 * character codes does what `wordsOf` does, several times faster over 74,719 titles.
 */
function titleWordsOf(title: string): string[] {
  const words: string[] = [];
  let start = -1;
  const lower = title.toLowerCase();
  for (let at = 0; at <= lower.length; at += 1) {
    const code = at < lower.length ? lower.charCodeAt(at) : 0;
    const isWordCharacter = (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
    if (isWordCharacter) {
      if (start < 0) start = at;
    } else if (start >= 0) {
      words.push(lower.slice(start, at));
      start = -1;
    }
  }
  return words;
}

/**
 * Builds the index a slice of titles at a time, so a device can build it between other
 * work: `buildIndex` does it at once, `buildIndexGently` pauses between slices.
 */
class IndexBuilder {
  private readonly wordIds = new Map<string, number>();
  private readonly titleWordLists: number[][] = [];

  constructor(private readonly codes: Icd10Code[]) {}

  get titlesRead() {
    return this.titleWordLists.length;
  }

  readTitles(count: number): void {
    const end = Math.min(this.codes.length, this.titleWordLists.length + count);
    for (let position = this.titleWordLists.length; position < end; position += 1) {
      const ids: number[] = [];
      for (const word of titleWordsOf(this.codes[position]!.title)) {
        let id = this.wordIds.get(word);
        if (id === undefined) {
          id = this.wordIds.size;
          this.wordIds.set(word, id);
        }
        if (!ids.includes(id)) ids.push(id);
      }
      this.titleWordLists.push(ids);
    }
  }

  finish(common: Iterable<string>): Icd10Index {
    const { codes, wordIds, titleWordLists } = this;
    // Number the words in alphabetical order, so the start of a word is a range.
    const vocabulary = [...wordIds.keys()].sort();
    const rank = new Int32Array(vocabulary.length);
    vocabulary.forEach((word, position) => (rank[wordIds.get(word)!] = position));
    const titleStart = new Int32Array(codes.length + 1);
    titleWordLists.forEach(
      (ids, position) => (titleStart[position + 1] = titleStart[position]! + ids.length),
    );
    const titleWords = new Int32Array(titleStart[codes.length]!);
    const postingStart = new Int32Array(vocabulary.length + 1);
    titleWordLists.forEach((ids, position) => {
      ids.forEach((id, offset) => {
        const word = rank[id]!;
        titleWords[titleStart[position]! + offset] = word;
        postingStart[word + 1]! += 1;
      });
    });
    for (let word = 0; word < vocabulary.length; word += 1)
      postingStart[word + 1]! += postingStart[word]!;
    const postings = new Int32Array(titleWords.length);
    const filled = postingStart.slice(0, vocabulary.length);
    for (let position = 0; position < codes.length; position += 1)
      for (let at = titleStart[position]!; at < titleStart[position + 1]!; at += 1)
        postings[filled[titleWords[at]!]!++] = position;
    const bare = codes.map(({ code }) => code.replace('.', ''));
    const codeOrder = Int32Array.from(codes.keys()).sort((a, b) =>
      bare[a]! < bare[b]! ? -1 : bare[a]! > bare[b]! ? 1 : 0,
    );
    return {
      codes,
      bareCodes: Array.from(codeOrder, (position) => bare[position]!),
      codeOrder,
      vocabulary,
      postingStart,
      postings,
      titleStart,
      titleWords,
      common: new Set(common),
    };
  }
}

export function buildIndex(codes: Icd10Code[], common: Iterable<string> = []): Icd10Index {
  const builder = new IndexBuilder(codes);
  builder.readTitles(codes.length);
  return builder.finish(common);
}

/** `buildIndex`, giving the page back every few thousand titles so typing stays smooth. */
export async function buildIndexGently(
  codes: Icd10Code[],
  common: Iterable<string>,
  pause: () => Promise<void>,
): Promise<Icd10Index> {
  const builder = new IndexBuilder(codes);
  while (builder.titlesRead < codes.length) {
    builder.readTitles(4_000);
    await pause();
  }
  return builder.finish(common);
}

/** The first position in a sorted list not before `value`. */
function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** How many slips a typed word may hold: none when short, one from 4 letters, two from 8. */
const slipsAllowed = (typed: string) => (typed.length >= 8 ? 2 : typed.length >= 4 ? 1 : 0);

/**
 * The vocabulary words a typed word may mean, with the quality of each match (0: none).
 * The last word of a query is still being typed, so the start of a word counts there
 * (and for any word of 3 letters or more, as people shorten words: "pneum", "fract").
 */
function qualitiesOf(index: Icd10Index, typed: string, isLast: boolean): Uint8Array {
  const { vocabulary } = index;
  const qualities = new Uint8Array(vocabulary.length);
  const at = lowerBound(vocabulary, typed);
  if (isLast || typed.length >= 3) {
    for (let word = at; word < vocabulary.length && vocabulary[word]!.startsWith(typed); word += 1)
      qualities[word] = startOf;
  }
  if (vocabulary[at] === typed) qualities[at] = exact;
  const most = slipsAllowed(typed);
  // A word the titles hold, or the start of some, is what was meant: slips are only
  // looked for when there is none (which also keeps a keystroke cheap).
  if (most === 0 || qualities.includes(exact) || qualities.includes(startOf)) return qualities;
  for (let word = 0; word < vocabulary.length; word += 1) {
    if (qualities[word] !== 0) continue;
    const candidate = vocabulary[word]!;
    // A slip in both first letters is rare; leaving those out keeps a keystroke cheap.
    if (
      candidate.charCodeAt(0) !== typed.charCodeAt(0) &&
      candidate.charCodeAt(1) !== typed.charCodeAt(1)
    )
      continue;
    const slips = slipsBetween(typed, candidate, most);
    if (slips <= most) qualities[word] = slips <= 1 ? oneSlip : twoSlips;
    // The start of a longer word, with a slip in it ("diabts" of "diabetes").
    else if (
      isLast &&
      candidate.length > typed.length &&
      slipsBetween(typed, candidate.slice(0, typed.length), 1) <= 1
    )
      qualities[word] = twoSlips;
  }
  return qualities;
}

/** The qualities of the words typed lately: typing one more letter redoes only the last. */
const recentQualities = new WeakMap<Icd10Index, Map<string, Uint8Array>>();

function cachedQualitiesOf(index: Icd10Index, typed: string, isLast: boolean): Uint8Array {
  let cache = recentQualities.get(index);
  if (!cache) recentQualities.set(index, (cache = new Map<string, Uint8Array>()));
  const key = `${isLast ? '>' : '='}${typed}`;
  let qualities = cache.get(key);
  if (!qualities) {
    qualities = qualitiesOf(index, typed, isLast);
    if (cache.size >= 64) cache.delete(cache.keys().next().value!);
    cache.set(key, qualities);
  }
  return qualities;
}

/** A query that is (the start of) a code: J4, J45.9, I1A, QA0 (see `icd10Code`). */
const codeLike = /^[a-z](?:[0-9]|[a-z][0-9])[0-9a-z]{0,5}$/;

function searchByCode(index: Icd10Index, bare: string, limit: number): Icd10Code[] {
  const wanted = bare.toUpperCase();
  const found: Icd10Code[] = [];
  for (
    let at = lowerBound(index.bareCodes, wanted);
    at < index.bareCodes.length && index.bareCodes[at]!.startsWith(wanted) && found.length < limit;
    at += 1
  )
    found.push(index.codes[index.codeOrder[at]!]!);
  return found;
}

/**
 * The codes that best match what was typed: by code when it looks like one (J45, j45.9),
 * otherwise by the words of the titles, every typed word matching one of a title's words
 * (common abbreviations such as HTN or T2DM read as their words). Exact words rank above
 * starts of words and slips; among equals, the codes a clinic uses often, then the
 * shorter (more general) titles.
 */
export function searchIndex(index: Icd10Index, query: string, limit = 8): Icd10Code[] {
  const compact = query.trim().toLowerCase().replace(/[.\s]/g, '');
  if (compact.length < 2) return compact.length === 1 ? searchByCode(index, compact, limit) : [];
  if (codeLike.test(compact)) {
    const byCode = searchByCode(index, compact, limit);
    if (byCode.length > 0) return byCode;
  }
  const all = wordsOf(query);
  const meaningful = all.filter(
    (word, position) => !linkingWords.has(word) || position === all.length - 1,
  );
  const typed = (meaningful.length > 0 ? meaningful : all).flatMap((word, position, kept) =>
    expandAbbreviation(word, position === kept.length - 1),
  );
  const wanted = typed.map(({ word, isLast }) => cachedQualitiesOf(index, word, isLast));
  // Start from the typed word with the fewest titles, then keep titles every other has.
  let rarest = -1;
  let fewest = Infinity;
  wanted.forEach((qualities, position) => {
    let total = 0;
    qualities.forEach((quality, word) => {
      if (quality !== 0) total += index.postingStart[word + 1]! - index.postingStart[word]!;
    });
    if (total < fewest) [rarest, fewest] = [position, total];
  });
  if (rarest < 0 || fewest === 0) return [];
  const best = new TopCodes(index, limit);
  const seen = new Uint8Array(index.codes.length);
  wanted[rarest]!.forEach((quality, word) => {
    if (quality === 0) return;
    for (let at = index.postingStart[word]!; at < index.postingStart[word + 1]!; at += 1) {
      const position = index.postings[at]!;
      if (seen[position] !== 0) continue;
      seen[position] = 1;
      const score = scoreOf(index, position, wanted);
      if (score > 0) best.offer(position, score);
    }
  });
  return best.codes();
}

/** A title's score: the best match of each typed word among its words; 0 if one is missing. */
function scoreOf(index: Icd10Index, position: number, wanted: Uint8Array[]): number {
  const first = index.titleStart[position]!;
  const last = index.titleStart[position + 1]!;
  let score = 0;
  for (const qualities of wanted) {
    let best = 0;
    for (let at = first; at < last; at += 1) {
      const quality = qualities[index.titleWords[at]!]!;
      if (quality > best) best = quality;
    }
    if (best === 0) return 0;
    score += best;
  }
  return score;
}

/**
 * The best few codes seen so far, in order: a higher score, then a code a clinic uses
 * often, then a shorter (more general) title, then the code. Keeping only `limit` of
 * them spares sorting thousands of titles for a word as common as "unspecified".
 */
class TopCodes {
  private readonly kept: { position: number; score: number }[] = [];

  constructor(
    private readonly index: Icd10Index,
    private readonly limit: number,
  ) {}

  offer(position: number, score: number): void {
    const candidate = { position, score };
    if (this.kept.length === this.limit && this.before(this.kept.at(-1)!, candidate)) return;
    let at = this.kept.length;
    while (at > 0 && this.before(candidate, this.kept[at - 1]!)) at -= 1;
    this.kept.splice(at, 0, candidate);
    if (this.kept.length > this.limit) this.kept.pop();
  }

  codes(): Icd10Code[] {
    return this.kept.map(({ position }) => this.index.codes[position]!);
  }

  private before(a: { position: number; score: number }, b: { position: number; score: number }) {
    if (a.score !== b.score) return a.score > b.score;
    const first = this.index.codes[a.position]!;
    const second = this.index.codes[b.position]!;
    const common =
      Number(this.index.common.has(first.code)) - Number(this.index.common.has(second.code));
    if (common !== 0) return common > 0;
    if (first.title.length !== second.title.length) return first.title.length < second.title.length;
    return first.code < second.code;
  }
}
