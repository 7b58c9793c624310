import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProjectionSummary } from '../read-side/lag';
import type { SenderCount } from '../reminders';
import type { WebhookStats } from '../reminders/whatsapp-receipts';

/** What the metrics read of reminders at each scrape. */
export interface ReminderReadings {
  /** Rows waiting by state (`pending`, `sending`), across every hospital. */
  outboxCounts(): Promise<Record<string, number>>;
  /** The longest time from a claim's commit to its record's commit this process has seen. */
  longestWindowMs(): number;
  /** What the WhatsApp webhook did with what it was told, since this process started. */
  webhook(): WebhookStats;
}

/** The sender's counts as Prometheus counters, and what each means. */
const reminderCounters: Record<SenderCount, [string, string]> = {
  claimed: ['mymedic_reminders_claimed_total', 'Reminder tries claimed by this process'],
  sent: ['mymedic_reminders_sent_total', 'Reminders sent and recorded with the provider id'],
  retried: [
    'mymedic_reminders_retried_total',
    'Reminder tries that failed for a reason a retry may mend (timeout, 5xx), put off',
  ],
  failed: [
    'mymedic_reminders_failed_total',
    'Reminders that failed for good (last try, or a final refusal): staff see them',
  ],
  reclaimed: [
    'mymedic_reminders_reclaimed_total',
    "Claims taken back after their lease ran out (a dead sender's): each may have gone twice",
  ],
  claimsLost: [
    'mymedic_reminders_claim_lost_total',
    'Outcomes not recorded because another sender had taken the row back meanwhile',
  ],
};

/**
 * What the server counts for Prometheus (docs/operations.md, "Monitoring"). One
 * registry per server, so several servers in one process (the tests) do not mix.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requestSeconds = new Histogram({
    name: 'mymedic_http_request_duration_seconds',
    help: 'Time to answer a request, by method, route pattern and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly pushes = new Counter({
    name: 'mymedic_push_batches_total',
    help: 'Push batches answered',
    registers: [this.registry],
  });
  private readonly commands = new Counter({
    name: 'mymedic_push_commands_total',
    help: 'Pushed commands, by answer (accepted, rebased, conflict, rejected, duplicate)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  private readonly events = new Counter({
    name: 'mymedic_events_stored_total',
    help: 'Events appended to the event store',
    registers: [this.registry],
  });

  private readonly reminderCounts: Record<SenderCount, Counter>;

  constructor(lag: () => Promise<Record<string, ProjectionSummary>>, reminders: ReminderReadings) {
    collectDefaultMetrics({ register: this.registry, prefix: 'mymedic_' });
    new Gauge({
      name: 'mymedic_reminders_longest_window_seconds',
      help: "The longest time from a reminder's claim to its record in this process: the window in which a crash could send it twice",
      registers: [this.registry],
      collect() {
        this.set(reminders.longestWindowMs() / 1000);
      },
    });
    this.reminderCounts = Object.fromEntries(
      Object.entries(reminderCounters).map(([counted, [name, help]]) => [
        counted,
        new Counter({ name, help, registers: [this.registry] }),
      ]),
    ) as Record<SenderCount, Counter>;
    new Gauge({
      name: 'mymedic_reminders_outbox',
      help: 'Reminders waiting in the outbox, by state: pending (due or not yet), sending (claimed)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const counts = await reminders.outboxCounts();
        for (const state of ['pending', 'sending']) this.set({ state }, counts[state] ?? 0);
      },
    });
    new Counter({
      name: 'mymedic_whatsapp_webhook_items_total',
      help: 'Statuses and replies the WhatsApp webhook was told of, by what became of them: recorded, replayed (seen before), unknown (not our message), ignored (asks nothing we understand)',
      labelNames: ['outcome'] as const,
      registers: [this.registry],
      collect() {
        const stats: Record<string, number> = { ...reminders.webhook() };
        this.reset();
        for (const outcome of Object.keys(stats)) this.inc({ outcome }, stats[outcome]);
      },
    });
    // One read of the lag per scrape, shared by the three gauges below (each collects
    // at once when Prometheus scrapes).
    let reading: { at: number; lag: ReturnType<typeof lag> } | undefined;
    const lagOnce = () => {
      if (!reading || performance.now() - reading.at > 1000)
        reading = { at: performance.now(), lag: lag() };
      return reading.lag;
    };
    const gauges: [string, string, keyof ProjectionSummary][] = [
      [
        'mymedic_projection_lag_events',
        'Events a read model is behind the log, in its furthest-behind hospital',
        'events_behind',
      ],
      [
        'mymedic_projection_lag_seconds',
        'Seconds since the oldest event a read model has not applied was stored',
        'seconds_behind',
      ],
      [
        'mymedic_projection_failed',
        'Hospitals in which a read model has stopped at an event it could not apply',
        'failed_hospitals',
      ],
    ];
    for (const [name, help, field] of gauges) {
      new Gauge({
        name,
        help,
        labelNames: ['projection'] as const,
        registers: [this.registry],
        async collect() {
          for (const [projection, summary] of Object.entries(await lagOnce()))
            this.set({ projection }, Number(summary[field]));
        },
      });
    }
  }

  /** One push batch answered: its commands' answers and the events it stored. */
  pushed(statuses: readonly string[], eventsStored: number) {
    this.pushes.inc();
    for (const status of statuses) this.commands.inc({ status });
    if (eventsStored > 0) this.events.inc(eventsStored);
  }

  /** One of the reminder sender's counts (ReminderSender's `observe`). */
  reminderCounted(counted: SenderCount, by: number) {
    this.reminderCounts[counted].inc(by);
  }

  /** Times every request and serves the registry at GET /metrics. */
  register(app: FastifyInstance) {
    app.addHook('onResponse', async (request, reply) => {
      this.requestSeconds.observe(
        {
          method: request.method,
          // The pattern, not the URL: ids would make a series per patient.
          route: request.routeOptions.url ?? 'unmatched',
          status: `${Math.floor(reply.statusCode / 100)}xx`,
        },
        reply.elapsedTime / 1000,
      );
    });
    app.get('/metrics', { config: { rateLimit: false } }, async (_request, reply) =>
      reply.type(this.registry.contentType).send(await this.registry.metrics()),
    );
  }
}
