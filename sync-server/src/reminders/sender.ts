import type { ReminderChannelName } from '@mymedic/shared';
import type { Database } from '../db/database';
import type { EventStore } from '../event-store/store';
import { isRetryable, type ReminderChannel } from './channel';
import { claimDueReminders, hospitalsWithDueReminders, type ClaimedReminder } from './claims';
import { recordOutcome, type TryOutcome } from './record';

export interface SenderOptions {
  /** The sender's clock: what is due, when to retry, the events' times. Injectable for tests. */
  clock?: () => Date;
  /** How long one provider call may take before it counts as a retryable failure. */
  sendTimeoutMs: number;
  /** Tries before a reminder fails for good. */
  maxAttempts: number;
  /** The first retry's delay; each next one doubles, with jitter. */
  retryBaseMs: number;
  /** Reminders claimed per hospital per round. */
  batchSize?: number;
  /** In [0, 1): the jitter's randomness. */
  random?: () => number;
  /** What a claim's lease adds to twice the send timeout: 30 s unless a test shortens it. */
  leaseMarginMs?: number;
  /** Told of a round that failed (its rows come back once their lease runs out). */
  onError?: (error: unknown) => void;
  /** Told of every count as it happens (the metrics' counters). */
  observe?: (counted: SenderCount, by: number) => void;
}

/** The counts a sender keeps, each also told to `observe`. */
export type SenderCount = 'claimed' | 'sent' | 'retried' | 'failed' | 'reclaimed' | 'claimsLost';

/** What the sender has done since it was made (docs/reminders.md, "Sending twice"). */
export interface SenderStats {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  /** Rows taken back after a lease ran out: each may have gone twice. */
  reclaimed: number;
  /** Outcomes not recorded because another sender had taken the row back meanwhile. */
  claimsLost: number;
  /** The longest time from a claim's commit to its outcome's commit: the window. */
  longestWindowMs: number;
}

/**
 * Sends due reminders (docs/reminders.md, "Sending"). A round finds the hospitals with
 * something due, claims their due rows (FOR UPDATE SKIP LOCKED, so several senders in
 * one or many processes share the work and never take the same row), sends each through
 * its channel under a timeout, and records the outcome with the provider's id. Timeouts,
 * 5xx and network failures are tried again after an exponential delay with jitter;
 * after the last try, or on a final refusal, the reminder has failed.
 */
export class ReminderSender {
  readonly stats: SenderStats = {
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    reclaimed: 0,
    claimsLost: 0,
    longestWindowMs: 0,
  };
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly channels: Map<ReminderChannelName, ReminderChannel>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly store: EventStore,
    channels: readonly ReminderChannel[],
    private readonly options: SenderOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.channels = new Map(channels.map((channel) => [channel.name, channel]));
  }

  /**
   * A claim's lease: longer than a send may take plus the time to record it, so a row is
   * only taken back from a sender that has died (or hung past its own timeout).
   */
  get leaseMs() {
    return this.options.sendTimeoutMs * 2 + (this.options.leaseMarginMs ?? 30_000);
  }

  /**
   * Sends what is due now and then `intervalMs` after each round ends: one round at a
   * time in a process (several processes share the rows through their claims).
   */
  start(intervalMs = 5000) {
    this.stopped = false;
    const round = () => {
      this.running = this.runOnce()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          if (this.stopped) return;
          this.timer = setTimeout(round, intervalMs);
          this.timer.unref();
        });
    };
    round();
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round: every hospital's due reminders, until none is left due. Answers how many were tried. */
  async runOnce(): Promise<number> {
    if (this.channels.size === 0) return 0;
    let tried = 0;
    for (const hospitalId of await hospitalsWithDueReminders(this.database, this.clock())) {
      for (;;) {
        const claims = await claimDueReminders(this.database, hospitalId, {
          at: this.clock(),
          leaseMs: this.leaseMs,
          limit: this.options.batchSize ?? 10,
          channels: [...this.channels.keys()],
        });
        if (claims.length === 0) break;
        this.count('claimed', claims.length);
        this.count('reclaimed', claims.filter((claim) => claim.reclaimed).length);
        // One record that fails (its row comes back when the lease runs out) must not
        // leave the others of the batch unawaited.
        await Promise.all(
          claims.map((claim) =>
            this.tryOne(claim).catch((error: unknown) => this.options.onError?.(error)),
          ),
        );
        tried += claims.length;
        if (this.stopped) return tried;
      }
    }
    return tried;
  }

  /** Sends one claimed reminder and records what happened. */
  private async tryOne(claim: ClaimedReminder) {
    const claimedAt = Date.now();
    const channel = this.channels.get(claim.channel)!;
    let outcome: TryOutcome;
    try {
      const sent = await channel.send(
        {
          hospitalId: claim.hospital_id,
          appointmentId: claim.appointment_id,
          channel: claim.channel,
          reminderKind: claim.reminder_kind,
          to: claim.address,
          subject: claim.subject,
          body: claim.body,
          language: claim.language,
          values: claim.placeholder_values,
          whatsapp: claim.template,
          idempotencyKey: `${claim.hospital_id}.${claim.appointment_id}.${claim.channel}.${claim.reminder_kind}`,
        },
        AbortSignal.timeout(this.options.sendTimeoutMs),
      );
      outcome = { sent };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome =
        isRetryable(error) && claim.attempts < this.options.maxAttempts
          ? { retryAt: this.retryAt(claim.attempts), error: message }
          : { failed: message };
    }
    const recorded = await recordOutcome(this.store, claim, outcome, this.clock());
    this.stats.longestWindowMs = Math.max(this.stats.longestWindowMs, Date.now() - claimedAt);
    if (recorded === 'claim-lost') this.count('claimsLost', 1);
    else if ('sent' in outcome) this.count('sent', 1);
    else if ('retryAt' in outcome) this.count('retried', 1);
    else this.count('failed', 1);
  }

  private count(counted: SenderCount, by: number) {
    if (by === 0) return;
    this.stats[counted] += by;
    this.options.observe?.(counted, by);
  }

  /** Exponential backoff with jitter: base × 2^(tries − 1), between half and all of it. */
  private retryAt(attempts: number) {
    const ceiling = this.options.retryBaseMs * 2 ** (attempts - 1);
    return new Date(this.clock().getTime() + ceiling * (0.5 + this.random() / 2));
  }
}
