import { describe, expect, it } from 'vitest';
import { PullPace, roughTimeLeft } from './progress';

/** Pages of `size` events every `everyMs`, from `from` to `head`: the progress after each. */
function pull(pace: PullPace, from: number, head: number, size: number, everyMs: number) {
  const seen = [];
  for (let position = from + size, now = everyMs; position <= head; position += size) {
    seen.push({ now, ...pace.advance(position, head, now) });
    now += everyMs;
  }
  return seen;
}

describe('the time left of a long pull', () => {
  it('counts what arrived of what the round brings, from where the device stood', () => {
    const pace = new PullPace(40_000, 0);
    expect(pace.advance(41_000, 100_000, 200)).toEqual({
      arrived: 1000,
      total: 60_000,
      secondsLeft: null,
    });
  });

  it('makes no guess before it has watched a moment, then gives the steady pace', () => {
    // 1,000 events every 100 ms: 10 per ms, so 100,000 take 10 s.
    const seen = pull(new PullPace(0, 0), 0, 100_000, 1000, 100);
    expect(seen.filter((step) => step.now < 1500).every((step) => step.secondsLeft === null)).toBe(
      true,
    );
    const at = seen.find((step) => step.now === 2000)!;
    expect(at.arrived).toBe(20_000);
    expect(at.secondsLeft).toBeCloseTo(8, 5);
    expect(seen.at(-1)).toMatchObject({ arrived: 100_000, total: 100_000, secondsLeft: 0 });
  });

  it('is not thrown far by one slow page, and follows a link that stays slow', () => {
    const pace = new PullPace(0, 0);
    let position = 0;
    let now = 0;
    const page = (ms: number) => {
      position += 1000;
      now += ms;
      return pace.advance(position, 200_000, now).secondsLeft!;
    };
    for (let i = 0; i < 30; i += 1) page(100); // 3 s at 10 events per ms
    const steady = page(100);
    expect(steady).toBeCloseTo((200_000 - position) / 10 / 1000, 5);
    // One page stalls for 1 s: taken at face value it would say ten times as long.
    const stalled = page(1000);
    const naive = (200_000 - position) / 1 / 1000;
    expect(stalled).toBeGreaterThan(steady);
    expect(stalled).toBeLessThan(naive / 3);
    // The link halves for good: 15 s later the guess is within 5% of the new pace's.
    for (let i = 0; i < 75; i += 1) page(200);
    const slowed = page(200);
    expect(Math.abs(slowed / ((200_000 - position) / 5 / 1000) - 1)).toBeLessThan(0.05);
  });

  it('counts a head that moves during the round into what is left', () => {
    const pace = new PullPace(0, 0);
    pace.advance(10_000, 50_000, 1000);
    const later = pace.advance(20_000, 60_000, 2000);
    expect(later).toMatchObject({ arrived: 20_000, total: 60_000 });
    expect(later.secondsLeft).toBeCloseTo(4, 5);
  });

  it('says the time left coarsely: fives of seconds, then minutes, then hours', () => {
    expect(roughTimeLeft(0.3)).toEqual({ amount: 5, unit: 'second' });
    expect(roughTimeLeft(37)).toEqual({ amount: 40, unit: 'second' });
    expect(roughTimeLeft(40)).toEqual({ amount: 40, unit: 'second' });
    expect(roughTimeLeft(60)).toEqual({ amount: 60, unit: 'second' });
    expect(roughTimeLeft(61)).toEqual({ amount: 1, unit: 'minute' });
    expect(roughTimeLeft(150)).toEqual({ amount: 3, unit: 'minute' });
    expect(roughTimeLeft(90 * 60)).toEqual({ amount: 90, unit: 'minute' });
    expect(roughTimeLeft(3 * 3600 + 100)).toEqual({ amount: 3, unit: 'hour' });
  });
});
