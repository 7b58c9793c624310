import { earliestIssuedAt, maxClockAheadMs, type ErrorBody } from '@mymedic/shared';

const earliest = Date.parse(earliestIssuedAt);
const aheadInHours = maxClockAheadMs / 3_600_000;
const allowedAhead = aheadInHours % 24 === 0 ? `${aheadInHours / 24} day` : `${aheadInHours} h`;

/**
 * Why a device clock is not taken, or null when it is: `issued_at` (also the signing time
 * of notes and prescriptions) must lie between `earliestIssuedAt` and the server's
 * receipt time plus `maxClockAheadMs`. The past bound is fixed so that a device offline
 * for a week still pushes what it recorded then; the future bound is tight, because a
 * record dated days ahead would misorder the chart and misdate a signature.
 */
export function implausibleIssuedAt(issuedAt: string, receivedAt: Date): ErrorBody | null {
  const at = Date.parse(issuedAt);
  let message: string | null = null;
  if (at < earliest) {
    message = `issued_at ${issuedAt} is before ${earliestIssuedAt.slice(0, 10)}: check this device's date and time`;
  } else if (at > receivedAt.getTime() + maxClockAheadMs) {
    message =
      `issued_at ${issuedAt} is more than ${allowedAhead} after the server's clock ` +
      `(${receivedAt.toISOString()}): check this device's date and time`;
  }
  if (message === null) return null;
  return {
    code: 'validation',
    message,
    details: { issues: [{ path: 'issued_at', message }], received_at: receivedAt.toISOString() },
  };
}
