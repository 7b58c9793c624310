import { Readable } from 'node:stream';
import { compactEventOf, compactPullFormat, type Reader } from '@mymedic/shared';
import type { Database } from '../db/database';
import { withTenant } from '../db/tenant';
import { envelopeOf, eventRowsAfter, headOf } from './pull';

/**
 * Events read per statement. Each piece is its own short transaction, read when the
 * answer's stream asks for more: a device on a slow line holds no connection of the
 * pool while its page crosses the line, and the line carries the first events while
 * the server reads the next.
 */
export const compactPieceSize = 1000;

/**
 * A compact page (`format=compact`, shared/src/protocol/compact-pull.ts) written as the
 * log is read: the page's opening, each piece of events, then head and has_more. Read
 * after read, positions only grow and what a later read sees was committed after what
 * an earlier one saw (the head row's lock orders commits by position), so the page is
 * the same run of positions one read would give.
 */
export function compactPullStream(
  database: Database,
  hospitalId: string,
  after: number,
  limit: number,
  reader: Reader,
): Readable {
  async function* page() {
    yield `{"format":"${compactPullFormat}","hospital_id":${JSON.stringify(hospitalId)},"events":[`;
    let cursor = after;
    let remaining = limit;
    let hasMore = false;
    let first = true;
    for (;;) {
      const wanted = Math.min(compactPieceSize, remaining);
      // One more than wanted tells whether the log goes on past this piece.
      const read = await withTenant(database, hospitalId, (sql) =>
        eventRowsAfter(sql, hospitalId, cursor, wanted + 1),
      );
      const rows = read.slice(0, wanted);
      if (rows.length > 0) {
        const text = JSON.stringify(
          rows.map((row) => compactEventOf(envelopeOf(row, hospitalId, reader))),
        );
        yield `${first ? '' : ','}${text.slice(1, -1)}`;
        first = false;
        cursor = rows.at(-1)!.position;
      }
      remaining -= rows.length;
      if (read.length <= wanted) break;
      if (remaining === 0) {
        hasMore = true;
        break;
      }
    }
    // Never behind the page's own last event.
    const head = await withTenant(database, hospitalId, (sql) => headOf(sql, hospitalId));
    yield `],"head":${Math.max(head, cursor)},"has_more":${hasMore}}`;
  }
  return Readable.from(page(), { objectMode: false });
}
