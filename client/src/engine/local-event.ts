import type { AggregateType, EventEnvelope } from '@mymedic/shared';

/** An event in the local log: confirmed ones carry the server's position. */
export interface LocalEvent {
  event_id: string;
  aggregate_type: AggregateType;
  aggregate_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  command_id: string;
  /** 1 when confirmed by the server, 0 while pending (IndexedDB cannot index booleans). */
  confirmed: 0 | 1;
  position: number | null;
  /** Who wrote a confirmed event, on which device, when: the audit trail (data is above). */
  meta: EventEnvelope['meta'] | null;
  stored_at: string | null;
  /**
   * 1 when pulled without its clinical content (the person syncing may not read it):
   * the full event is fetched when someone who may read it syncs on this device.
   */
  redacted?: 1;
}
