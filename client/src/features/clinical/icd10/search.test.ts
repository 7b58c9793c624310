import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { icd10Code } from '@mymedic/shared';
import { listText } from './catalogue';
import { commonIcd10Codes } from './common';
import { buildIndex, parseCodeList, searchIndex } from './search';
import { slipsBetween } from './slips';

const folder = new URL('../../../../catalogues/icd10cm/', import.meta.url);
const tsv = readFileSync(new URL('icd10cm-codes.tsv', folder), 'utf8');
const full = parseCodeList(tsv);
const index = buildIndex(
  full,
  commonIcd10Codes.map((entry) => entry.code),
);
const codesFor = (query: string, limit = 8) =>
  searchIndex(index, query, limit).map((entry) => entry.code);

describe('the ICD-10-CM list on the device', () => {
  it('is the whole FY2026 release, each code once and valid for a visit', () => {
    expect(full).toHaveLength(74_719);
    expect(new Set(full.map((entry) => entry.code)).size).toBe(full.length);
    for (const entry of full)
      expect(icd10Code.safeParse(entry.code).success, entry.code).toBe(true);
    // The file its SOURCE names, unchanged.
    const source = readFileSync(new URL('SOURCE.txt', folder), 'utf8');
    expect(createHash('sha256').update(tsv).digest('hex')).toBe(
      /TSV SHA-256: ([0-9a-f]{64})/.exec(source)?.[1],
    );
  });

  it('ships gzipped, and the shipped file is the list', async () => {
    const gzipped = readFileSync(new URL('icd10cm-codes.tsv.gz', folder));
    const bytes = gzipped.buffer.slice(gzipped.byteOffset, gzipped.byteOffset + gzipped.length);
    expect(await listText(bytes)).toBe(tsv);
    // A server that already took the gzip off hands over the text itself.
    expect(await listText(new TextEncoder().encode('A000\tCholera').buffer)).toBe('A000\tCholera');
  });

  it('holds every common code with the same title', () => {
    const titles = new Map(full.map((entry) => [entry.code, entry.title]));
    for (const entry of commonIcd10Codes)
      expect(titles.get(entry.code), entry.code).toBe(entry.title);
  });
});

describe('searching the list', () => {
  it('finds by the start of a code, with or without its dot', () => {
    expect(codesFor('i10')).toEqual(['I10']);
    expect(codesFor('J45.90')).toEqual(['J45.901', 'J45.902', 'J45.909']);
    expect(codesFor('j4590')).toEqual(['J45.901', 'J45.902', 'J45.909']);
  });

  it('finds by words, the common code first', () => {
    expect(codesFor('hypertension')[0]).toBe('I10');
    expect(codesFor('type 2 diabetes')).toContain('E11.9');
    expect(codesFor('malaria').slice(0, 2).sort()).toEqual(['B50.9', 'B54']);
    expect(codesFor('chest pain')[0]).toBe('R07.9');
  });

  it('forgives a slip or two, and reads the start of a word still being typed', () => {
    expect(codesFor('pnuemonia')[0]).toBe('J18.9');
    expect(codesFor('diabtes mellitus type 2')).toContain('E11.9');
    expect(codesFor('gastroenteritus')[0]).toBe('A09');
    expect(codesFor('sickle ce')).toContain('D57.1');
    expect(codesFor('fracture of femur')).toSatisfy((codes: string[]) =>
      codes.every(
        (code) => code.startsWith('S72') || code.startsWith('M84') || code.startsWith('M80'),
      ),
    );
  });

  it('reads common abbreviations as their words', () => {
    expect(codesFor('htn')[0]).toBe('I10');
    expect(codesFor('uti')[0]).toBe('N39.0');
    expect(codesFor('t2dm')).toContain('E11.9');
    expect(codesFor('copd')[0]).toMatch(/^J44/);
    expect(codesFor('tb')[0]).toBe('A15.0');
  });

  it('answers nothing for nothing, or for words no title holds', () => {
    expect(codesFor('   ')).toEqual([]);
    expect(codesFor('zzzzqqq')).toEqual([]);
    expect(codesFor('asthma zzzzqqq')).toEqual([]);
  });

  it('counts slips as people make them: a letter missed, added, changed or two swapped', () => {
    expect(slipsBetween('asthma', 'asthma', 2)).toBe(0);
    expect(slipsBetween('astma', 'asthma', 2)).toBe(1);
    expect(slipsBetween('asthmma', 'asthma', 2)).toBe(1);
    expect(slipsBetween('asthna', 'asthma', 2)).toBe(1);
    expect(slipsBetween('ashtma', 'asthma', 2)).toBe(1);
    expect(slipsBetween('ahtsma', 'asthma', 1)).toBe(2);
  });
});
