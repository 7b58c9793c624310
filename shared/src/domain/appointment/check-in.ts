import type { CommandContext } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { instant } from '../fields';
import { clinicDateOf, clinicDateText, daysBetween, knownZone } from '../hospital/clinic-time';
import type { AppointmentState } from './events';
import { refusal } from '../../refusals';
import { issueAt } from '../../kernel/validate';

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
  return new DomainError(
    'validation',
    refusal('appointment.earlyNeedsReason', {
      day: { day: clinicDateText(day) },
    }),
    {
      issues: [issueAt('early_reason', refusal('appointment.giveEarlyReason'))],
    },
  );
}
