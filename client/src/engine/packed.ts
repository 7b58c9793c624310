import {
  compactEventOf,
  compactPullFormat,
  pullResponseOfCompact,
  type CompactPullResponse,
  type EventEnvelope,
} from '@mymedic/shared';
import type { LocalEvent } from './local-event';

/**
 * A pulled page of a first sync kept whole, as one value, until its events move into
 * their stream rows (docs/client.md, "The local log: state first, history after"). One
 * value per page costs IndexedDB a fraction of one row per aggregate: a value this large
 * is stored aside as a blob, not row by row.
 */
export interface PackedPage {
  /** The position of its first event (the key: pages are unpacked oldest first). */
  first: number;
  last: number;
  hospital_id: string;
  /** The page's events as the compact format's rows (protocol.md), one JSON text. */
  events: string;
}

export const packedPage = (envelopes: EventEnvelope[]): PackedPage => ({
  first: envelopes[0]!.position,
  last: envelopes.at(-1)!.position,
  hospital_id: envelopes[0]!.hospital_id,
  events: JSON.stringify(envelopes.map(compactEventOf)),
});

/** The page's events, as they were pulled. */
export const unpackedEnvelopes = (page: PackedPage): EventEnvelope[] =>
  pullResponseOfCompact({
    format: compactPullFormat,
    hospital_id: page.hospital_id,
    events: JSON.parse(page.events) as CompactPullResponse['events'],
    head: page.last,
    has_more: false,
  }).events;

/**
 * A confirmed stream with more of its confirmed events: one copy per version, the later
 * list's where both hold one, in version order.
 */
export function withConfirmed(held: LocalEvent[], more: LocalEvent[] | undefined): LocalEvent[] {
  if (!more || more.length === 0) return held;
  if (held.length === 0) return more;
  const byVersion = new Map(held.map((event) => [event.version, event]));
  for (const event of more) byVersion.set(event.version, event);
  return [...byVersion.values()].sort((left, right) => left.version - right.version);
}
