import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config';
import { startTestServer, type TestServer } from '../../test/test-server';
import { testDatabases } from '../../test/support';
import { startSmsGateway } from '../../test/reminder-stand-ins';
import { reminderClinic } from '../../test/reminder-clinic';
import { claimDueReminders } from './claims';

const token = 'gateway-token-for-metrics';

/** One metric's value in the exposition text (0 when absent). */
function valueOf(text: string, series: string) {
  const line = text.split('\n').find((found) => found.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe.each(testDatabases)('reminder metrics on $name', ({ url }) => {
  let server: TestServer;
  let gateway: Awaited<ReturnType<typeof startSmsGateway>>;

  beforeAll(async () => {
    gateway = await startSmsGateway(token);
    server = await startTestServer({
      ...(url ? { databaseUrl: url } : {}),
      config: {
        metrics: true,
        reminders: {
          ...testConfig().reminders,
          runSender: false,
          sendTimeoutMs: 1000,
          maxAttempts: 2,
          retryBaseMs: 1000,
          // The clinic's appointments start in 25 hours: their 24 h reminders are due
          // on a clock five hours ahead.
          senderClockOffsetMs: 5 * 3600_000,
          leaseMarginMs: 500,
          sms: { url: gateway.url, token, senderId: null },
        },
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await gateway.close();
  });

  const scrape = async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };

  it("exports the sender's counts and the outbox's pending rows", async () => {
    const { hospitalId } = await reminderClinic(server.url, {
      channels: ['sms'],
      offsetsMinutes: [24 * 60],
      appointments: 4,
      patients: 2,
    });
    await server.app.projector.catchUp(hospitalId);
    const before = await scrape();
    expect(valueOf(before, 'mymedic_reminders_outbox{state="pending"}')).toBeGreaterThanOrEqual(4);

    // A dead sender's claim: it comes back once its lease (1 s × 2 + 0.5 s) has run out.
    const sender = server.app.reminderSender;
    const dead = await claimDueReminders(server.database, hospitalId, {
      at: new Date(Date.now() + 5 * 3600_000),
      leaseMs: sender.leaseMs,
      limit: 1,
      channels: ['sms'],
    });
    expect(dead).toHaveLength(1);
    expect(valueOf(await scrape(), 'mymedic_reminders_outbox{state="sending"}')).toBe(1);

    // Every try answered 503: three put off; the dead claim is not due yet.
    gateway.mode = { kind: 'fail', status: 503 };
    expect(await sender.runOnce()).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, sender.leaseMs + 100));
    // The second tries, and the dead claim taken back: all four sent.
    gateway.mode = { kind: 'ok' };
    expect(await sender.runOnce()).toBe(4);
    const after = await scrape();
    expect(valueOf(after, 'mymedic_reminders_claimed_total')).toBe(7);
    expect(valueOf(after, 'mymedic_reminders_retried_total')).toBe(3);
    expect(valueOf(after, 'mymedic_reminders_sent_total')).toBe(4);
    expect(valueOf(after, 'mymedic_reminders_reclaimed_total')).toBe(1);
    expect(after).toMatch(/^mymedic_reminders_failed_total 0$/m);
    expect(after).toMatch(/^mymedic_reminders_claim_lost_total 0$/m);
    expect(valueOf(after, 'mymedic_reminders_outbox{state="pending"}')).toBe(
      valueOf(before, 'mymedic_reminders_outbox{state="pending"}') - 4,
    );
    expect(valueOf(after, 'mymedic_reminders_outbox{state="sending"}')).toBe(0);
    // The 503s came at once; the longest claim-to-record time is under the send timeout
    // and the record's own time.
    expect(valueOf(after, 'mymedic_reminders_longest_window_seconds')).toBeGreaterThan(0);
    expect(valueOf(after, 'mymedic_reminders_longest_window_seconds')).toBeLessThan(5);
  });
});
