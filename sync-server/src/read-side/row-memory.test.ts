import { describe, expect, it } from 'vitest';
import { RowMemory } from './row-memory';

describe('the rows a read model remembers writing', () => {
  it('gives them to the next page that opens where the last one committed', () => {
    const memory = new RowMemory<string>();
    const first = memory.open(0);
    first.hold('a', 'a at 10');
    first.committed(10);
    expect(memory.open(10).get('a')).toBe('a at 10');
  });

  it('gives none to a page that opens anywhere else, and starts afresh from what that page wrote', () => {
    const memory = new RowMemory<string>();
    const first = memory.open(0);
    first.hold('a', 'a at 10');
    first.hold('b', 'b at 10');
    first.committed(10);
    // Another process applied 10 to 20: this process's rows are not the table's.
    const elsewhere = memory.open(20);
    expect(elsewhere.get('a')).toBeUndefined();
    elsewhere.hold('a', 'a at 30');
    elsewhere.committed(30);
    const next = memory.open(30);
    expect(next.get('a')).toBe('a at 30');
    expect(next.get('b')).toBeUndefined();
  });

  it('remembers nothing of a page that did not commit', () => {
    const memory = new RowMemory<string>();
    const first = memory.open(0);
    first.hold('a', 'a at 10');
    first.committed(10);
    const failed = memory.open(10);
    failed.hold('a', 'a at 20');
    memory.forget();
    expect(memory.open(10).get('a')).toBeUndefined();
    expect(memory.open(20).get('a')).toBeUndefined();
  });

  it('never trusts a row of two pages of this process that overlap (a direct catch-up beside a round)', () => {
    const memory = new RowMemory<string>();
    const start = memory.open(0);
    start.hold('a', 'a at 10');
    start.committed(10);
    // The round's page commits 10 to 20 in the database; before this process hears of it,
    // a direct catch-up opens at 20, and commits 20 to 30 first.
    const round = memory.open(10);
    round.hold('a', 'a at 20');
    const direct = memory.open(20);
    expect(direct.get('a')).toBeUndefined();
    direct.hold('a', 'a at 30');
    direct.committed(30);
    round.committed(20);
    expect(memory.open(30).get('a')).toBeUndefined();
    expect(memory.open(20).get('a')).toBeUndefined();

    // The other order: the round's page is remembered, then the direct one's over it.
    const again = new RowMemory<string>();
    const first = again.open(0);
    first.hold('a', 'a at 10');
    first.committed(10);
    const second = again.open(10);
    second.hold('a', 'a at 20');
    const third = again.open(20);
    third.hold('a', 'a at 30');
    second.committed(20);
    third.committed(30);
    expect(again.open(30).get('a')).toBe('a at 30');
  });

  it('keeps the most recently written rows up to its capacity', () => {
    const memory = new RowMemory<string>(2);
    const page = memory.open(0);
    for (const id of ['a', 'b', 'c']) page.hold(id, id);
    page.committed(3);
    const next = memory.open(3);
    expect([next.get('a'), next.get('b'), next.get('c')]).toEqual([undefined, 'b', 'c']);
  });
});
