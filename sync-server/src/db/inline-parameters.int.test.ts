import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, withInlineParameters, type Database } from './database';

describe('parameters inlined for the simple query protocol', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openPglite();
  });
  afterAll(() => database.close());

  const awkward = [
    "Jane O'Doe",
    'a \\ backslash',
    '$p$ inside',
    'ends with $p',
    'ends with $',
    '$p0$ and $p$ and $p1$',
    '{"full_name": "Grace Wanjiru", "note": "$p$"}',
    '',
  ];

  it('gives back every string exactly, whatever dollar signs and quotes it holds', async () => {
    for (const text of awkward) {
      const { rows } = await database.query<{ value: string }>(
        withInlineParameters('SELECT $1::text AS value', [text]),
      );
      expect(rows[0]!.value).toBe(text);
    }
  });

  it('writes numbers, booleans and NULL as literals, the right placeholder each', () => {
    expect(
      withInlineParameters('SELECT $1, $2, $10, $3, $11', [
        -1.5,
        true,
        null,
        4,
        5,
        6,
        7,
        8,
        9,
        'ten',
        undefined,
      ]),
    ).toBe('SELECT -1.5, true, $p$ten$p$, NULL, NULL');
    expect(() => withInlineParameters('SELECT $1', [{}])).toThrow();
    expect(() => withInlineParameters('SELECT $1', [Number.NaN])).toThrow();
  });
});
