import { describe, expect, it } from 'vitest';
import { timeRange } from './chartRange';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('the vitals chart’s time axis', () => {
  it('shows a day around a single reading, not years', () => {
    const taken = at('2026-12-01T09:30:00Z');
    expect(timeRange(taken, taken)).toEqual([
      at('2026-11-30T21:30:00Z'),
      at('2026-12-01T21:30:00Z'),
    ]);
  });

  it('shows a day around readings taken minutes apart', () => {
    const [from, to] = timeRange(at('2026-12-01T09:30:00Z'), at('2026-12-01T09:50:00Z'));
    expect(to - from).toBe(24 * 3600);
    expect((from + to) / 2).toBe(at('2026-12-01T09:40:00Z'));
  });

  it('keeps the span of readings days apart, a little wider than the readings', () => {
    const first = at('2026-11-01T09:00:00Z');
    const last = at('2026-11-21T09:00:00Z');
    const [from, to] = timeRange(first, last);
    expect(from).toBe(first - 24 * 3600);
    expect(to).toBe(last + 24 * 3600);
  });
});
