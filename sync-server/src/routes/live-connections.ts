import { HttpError } from '../errors';

export interface LiveLimits {
  /** Streams one session (a person on one device) may hold; a new one ends the oldest. */
  perSession: number;
  /** Streams one hospital may hold; past it a new one is refused with 429. */
  perHospital: number;
}

interface LiveStream {
  hospitalId: string;
  session: string;
  end: () => void;
}

/**
 * The open `/sync/live` streams, counted per session and per hospital. A session past
 * its cap loses its oldest stream rather than the new one: a tablet whose connection
 * dropped without a word reconnects at once instead of waiting for its dead streams to
 * time out, while one token still never holds more than `perSession` of them.
 */
export class LiveConnections {
  private readonly streams = new Set<LiveStream>();
  /** Each session's streams, oldest first. */
  private readonly bySession = new Map<string, LiveStream[]>();
  private readonly perHospital = new Map<string, number>();

  constructor(private readonly limits: LiveLimits) {}

  /**
   * Takes a place for a new stream (synchronously, so parallel requests cannot all slip
   * under the caps), ending the session's oldest if it is full. The returned release is
   * called once the stream has ended.
   */
  open(hospitalId: string, session: string, end: () => void): () => void {
    const ofSession = this.bySession.get(session) ?? [];
    const freed = ofSession.length >= this.limits.perSession ? 1 : 0;
    if ((this.perHospital.get(hospitalId) ?? 0) - freed >= this.limits.perHospital) {
      throw new HttpError(
        429,
        'too_many_live_connections',
        `This clinic has ${this.limits.perHospital} live connections open already; the device syncs on its timer meanwhile`,
      );
    }
    for (const oldest of ofSession.slice(0, ofSession.length - this.limits.perSession + 1))
      oldest.end();
    const stream: LiveStream = { hospitalId, session, end };
    this.streams.add(stream);
    this.bySession.set(session, [...(this.bySession.get(session) ?? []), stream]);
    this.perHospital.set(hospitalId, (this.perHospital.get(hospitalId) ?? 0) + 1);
    return () => {
      if (!this.streams.delete(stream)) return;
      const others = (this.bySession.get(session) ?? []).filter((open) => open !== stream);
      if (others.length === 0) this.bySession.delete(session);
      else this.bySession.set(session, others);
      const left = (this.perHospital.get(hospitalId) ?? 1) - 1;
      if (left === 0) this.perHospital.delete(hospitalId);
      else this.perHospital.set(hospitalId, left);
    };
  }

  /** How many streams are open: all of them, or one hospital's. */
  count(hospitalId?: string) {
    return hospitalId === undefined ? this.streams.size : (this.perHospital.get(hospitalId) ?? 0);
  }

  /** Ends every stream (the server is closing). */
  endAll() {
    for (const stream of [...this.streams]) stream.end();
  }
}
