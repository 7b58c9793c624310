import { describe, expect, it } from 'vitest';
import { icd10Code } from '@mymedic/shared';
import { icd10Codes, searchIcd10 } from './icd10';

describe('the bundled ICD-10 list', () => {
  it('holds only codes the visit accepts, each once', () => {
    for (const entry of icd10Codes)
      expect(icd10Code.safeParse(entry.code).success, entry.code).toBe(true);
    expect(new Set(icd10Codes.map((entry) => entry.code)).size).toBe(icd10Codes.length);
  });

  it('finds by the start of a code or by words of the title', () => {
    expect(searchIcd10('i10').map((entry) => entry.code)).toEqual(['I10']);
    expect(searchIcd10('malaria').map((entry) => entry.code)).toEqual(['B50.9', 'B54']);
    expect(searchIcd10('type 2 diabetes').map((entry) => entry.code)).toContain('E11.9');
    expect(searchIcd10('   ')).toEqual([]);
  });
});
