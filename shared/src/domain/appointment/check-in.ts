import type { CommandContext } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { instant } from '../fields';
import { clinicDateOf, daysBetween, knownZone } from '../hospital/clinic-time';
import type { AppointmentState } from './events';

/**
 * An appointment is checked in on its day, by the clinic's calendar. Earlier needs a
 * reason, recorded on the check-in: the refusal to throw when none is given, or null on
 * the day itself or later (a patient late past midnight is still seen).
 */
export function checkInBeforeTheDay(
  state: Pick<AppointmentState, 'starts_at'>,
  context: Pick<CommandContext, 'issued_at' | 'time_zone'>,
): DomainError | null {
  const zone = knownZone(context.time_zone);
  const day = clinicDateOf(instant(state.starts_at!), zone);
  const today = clinicDateOf(instant(context.issued_at), zone);
  const ahead = daysBetween(today, day);
  if (ahead <= 0) return null;
  const when = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(new Date(instant(state.starts_at!)));
  return new DomainError(
    'validation',
    `The appointment is on ${when.replace(',', '')}: checking in before its day needs a reason`,
    { issues: [{ path: 'early_reason', message: 'Give the reason for checking in early' }] },
  );
}
