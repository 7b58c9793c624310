/**
 * How far a pull round has come, as people read it: "12,400 of 100,000 records · about
 * 40 s left". Positions are dense per hospital (docs/protocol.md), so the head less the
 * cursor is exactly what is still to come, whatever the reader may read.
 */
export interface PullProgress {
  /** Records this round has brought onto the device so far. */
  arrived: number;
  /** Records this round brings in all: the head less where the device stood. */
  total: number;
  /** About how long is left; null until the pace is known. */
  secondsLeft: number | null;
}

/**
 * A round shows its progress only when this much is to come at its first page: a new
 * tablet joining a clinic, or one back after weeks away. An ordinary sync of a few
 * events, or of a busy morning, never flashes a bar.
 */
export const showProgressFrom = 2000;

/** The pace forgets what it saw this long ago by two thirds: steady, yet it follows a link that slows. */
const paceMemoryMs = 5000;

/** No guess before this much of the round has been watched: the first page also waits for the server. */
const watchFirstMs = 1500;

/**
 * The pace of one pull round, smoothed over time (not over pages, which come at any
 * rate), and the time left that it gives.
 */
export class PullPace {
  private perMs: number | null = null;
  private lastPosition: number;
  private lastAt: number;

  constructor(
    private readonly from: number,
    private readonly startedAt: number,
  ) {
    this.lastPosition = from;
    this.lastAt = startedAt;
  }

  /** A page is stored up to `position`; the server's head is `head`; the clock says `now`. */
  advance(position: number, head: number, now: number): PullProgress {
    const span = now - this.lastAt;
    if (span > 0) {
      const seen = (position - this.lastPosition) / span;
      const weight = 1 - Math.exp(-span / paceMemoryMs);
      this.perMs = this.perMs === null ? seen : this.perMs + weight * (seen - this.perMs);
      this.lastPosition = position;
      this.lastAt = now;
    }
    const total = Math.max(head, position) - this.from;
    const arrived = position - this.from;
    const left = total - arrived;
    const known = this.perMs !== null && this.perMs > 0 && now - this.startedAt >= watchFirstMs;
    return {
      arrived,
      total,
      secondsLeft: left === 0 ? 0 : known ? left / this.perMs! / 1000 : null,
    };
  }
}

export type RoughUnit = 'second' | 'minute' | 'hour';

/**
 * Time left as people say it, coarse enough not to twitch at every page: in fives of
 * seconds up to a minute, then whole minutes up to an hour and a half, then hours.
 * Rounded up, so "about 5 seconds" is the least it says.
 */
export function roughTimeLeft(seconds: number): { amount: number; unit: RoughUnit } {
  if (seconds <= 60) return { amount: Math.max(5, Math.ceil(seconds / 5) * 5), unit: 'second' };
  if (seconds <= 90 * 60) return { amount: Math.round(seconds / 60), unit: 'minute' };
  return { amount: Math.round(seconds / 3600), unit: 'hour' };
}
