import { describe, expect, it } from 'vitest';
import { labelledEvery, niceTicks } from './chartScale';

describe('chart scales', () => {
  it('steps the value axis in round numbers up to the largest value', () => {
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(100)).toEqual([0, 50, 100]);
    expect(niceTicks(0.6, 4, false)).toEqual([0, 0.2, 0.4, 0.6]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it('prints every label while they fit, else evenly fewer', () => {
    expect(labelledEvery(7, 10)).toBe(1);
    expect(labelledEvery(30, 10)).toBe(3);
  });
});
