import type { TFunction } from 'i18next';
import type { Appointment, AppointmentAction, PortalError } from './api';
import type { PortalFormats } from './clock';
import { sayRefusal } from '../../i18n/refusals';

/**
 * The portal's plain words: what the patient reads for each answer and refusal, in
 * their language (locales/<language>/portal.json). Kept apart from the screens so they
 * are tested as they are written; each takes the screen's `t` (namespace `portal`).
 */
export type PortalT = TFunction<'portal'>;

export const resendAfterSeconds = 60;

/** A wait, rounded up to what a person would say: 45 seconds, 2 minutes. */
export function waitOf(seconds: number): { unit: 'seconds' | 'minutes'; count: number } {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return { unit: 'seconds', count: whole };
  return { unit: 'minutes', count: Math.ceil(whole / 60) };
}

/** What is wrong with a typed contact before it is sent, or null. */
export function contactProblem(contact: string, t: PortalT): string | null {
  const typed = contact.trim();
  if (!typed) return t('check.contactEmpty');
  if (typed.includes('@')) {
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(typed) ? null : t('check.emailIncomplete');
  }
  const digits = typed.replace(/\D/g, '');
  if (/[^\d\s+().-]/.test(typed) || digits.length < 7 || digits.length > 15)
    return t('check.notAContact');
  return null;
}

/** What a typed code lacks before it is sent, or null: six digits, spaces allowed. */
export function codeProblem(code: string, t: PortalT): string | null {
  const digits = code.replace(/\s/g, '');
  if (!digits) return t('check.codeEmpty');
  if (!/^\d{6}$/.test(digits)) return t('check.codeDigits');
  return null;
}

/**
 * A failure's reason in the patient's words, in their language: those the portal itself
 * makes (no connection, an answer it does not understand), and the clinic's refusals by
 * their key (the `errors` namespace); a refusal without a key this app knows reads as the
 * server words it.
 */
export function problemWords(error: PortalError, t: PortalT): string {
  if (error.unreachable) return t('problem.unreachable');
  if (error.code === 'unexpected') return t('problem.unexpected');
  if (error.code === 'not_understood') return t('problem.notUnderstood');
  if (error.code === 'unexpected_answer') return t('problem.answered', { status: error.status });
  return error.message ? sayRefusal(error) : t('problem.refused');
}

const retryAfter = (error: PortalError) => {
  const seconds = Number(error.details.retry_after_seconds);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
};

/** A refusal of the sign-in, in words that say what to do next. */
export function signInRefusal(error: PortalError, t: PortalT): string {
  if (error.unreachable) return t('refusal.unreachable');
  if (error.status === 429) {
    const seconds = retryAfter(error);
    if (!seconds) return t('refusal.waitALittle');
    const { unit, count } = waitOf(seconds);
    return unit === 'seconds'
      ? t('refusal.waitSeconds', { count })
      : t('refusal.waitMinutes', { count });
  }
  if (error.code === 'challenge_closed') return t('refusal.challengeClosed');
  if (error.status === 401) {
    const left = Number(error.details.tries_left);
    if (Number.isFinite(left)) {
      if (left <= 0) return t('refusal.noTriesLeft');
      return t('refusal.triesLeft', { count: left });
    }
    return t('refusal.wrongCode');
  }
  if (error.status === 404) return t('refusal.unknownClinic');
  return problemWords(error, t);
}

/** Whether a refusal means the code can no longer be used (ask for a new one). */
export const challengeIsClosed = (error: PortalError) =>
  error.code === 'challenge_closed' ||
  (error.status === 401 && Number(error.details.tries_left) <= 0);

/** A kind of visit in words; one the portal has no words for, as the clinic recorded it. */
export const visitTypeWords = (visitType: string, t: PortalT) =>
  t(`appointment.visitTypes.${visitType}`, { defaultValue: visitType });

/** An appointment's status in words; one the portal has no words for, as recorded. */
export const statusWords = (status: string, t: PortalT) =>
  t(`appointment.statuses.${status}`, { defaultValue: status });

/** The patient's own last answer, as they would say it. */
export function responseWords(
  response: Appointment['patient_response'],
  t: PortalT,
  formats: PortalFormats,
): string | null {
  if (!response) return null;
  const when = formats.dayMonthTime(response.at);
  if (response.kind === 'confirmed') return t('appointment.said.confirmed', { when });
  if (response.kind === 'cancellation_requested')
    return t('appointment.said.cancellationRequested', { when });
  return response.note
    ? t('appointment.said.moveRequestedWith', { when, note: response.note })
    : t('appointment.said.moveRequested', { when });
}

/**
 * What the patient may still say of an appointment: only of one still booked and not
 * begun, and not what they already said (the server would record nothing new).
 */
export function actionsFor(appointment: Appointment, now = new Date()): AppointmentAction[] {
  if (appointment.status !== 'scheduled') return [];
  if (Date.parse(appointment.starts_at) <= now.getTime()) return [];
  const said = appointment.patient_response?.kind;
  const actions: AppointmentAction[] = [];
  if (said !== 'confirmed') actions.push('confirm');
  if (said !== 'cancellation_requested') actions.push('cancel');
  if (said !== 'move_requested') actions.push('move');
  return actions;
}

/** The next appointment still booked, soonest first. */
export function nextAppointment(upcoming: Appointment[], now = new Date()): Appointment | null {
  return (
    upcoming
      .filter((appointment) => appointment.status === 'scheduled')
      .filter((appointment) => Date.parse(appointment.starts_at) > now.getTime())
      .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))[0] ?? null
  );
}

/** The words of one answer: its button, the question before it is sent, yes, and thanks. */
export function actionWords(action: AppointmentAction, t: PortalT) {
  return {
    button: t(`appointment.actions.${action}.button`),
    question: t(`appointment.actions.${action}.question`),
    yes: t(`appointment.actions.${action}.yes`),
    done: t(`appointment.actions.${action}.done`),
  };
}

/** "Last updated 5 minutes ago (1 Dec, 10:20)". */
export function lastUpdatedWords(
  loadedAt: string,
  t: PortalT,
  formats: PortalFormats,
  now = new Date(),
): string {
  const ago =
    now.getTime() - Date.parse(loadedAt) < 60_000
      ? t('screen.justNow')
      : formats.relative(loadedAt, now.getTime());
  return t('screen.lastUpdated', { ago, at: formats.dayMonthTime(loadedAt) });
}

/** Every kind of consent the clinic records (the domain's list, checked by a test). */
export const consentKinds = [
  'treatment',
  'data_sharing',
  'sms_reminders',
  'whatsapp_reminders',
  'email_reminders',
  'photography',
  'research',
] as const;

/** A kind of consent in words; one the portal does not know, by its recorded name. */
export function consentWords(type: string, t: PortalT): { title: string; about: string } {
  if (!(consentKinds as readonly string[]).includes(type))
    return { title: type.replace(/_/g, ' '), about: '' };
  return {
    title: t(`consents.kinds.${type}.title`),
    about: t(`consents.kinds.${type}.about`),
  };
}

/** "1.2 MB", "830 KB": a file's size as a person reads it. */
export function sizeWords(bytes: number, t: PortalT, formats: PortalFormats): string {
  if (bytes < 1024) return t('documents.bytes', { count: bytes });
  if (bytes < 1024 * 1024)
    return t('documents.kilobytes', { size: formats.number(Math.round(bytes / 1024)) });
  const megabytes = formats.number(bytes / (1024 * 1024), {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  return t('documents.megabytes', { size: megabytes });
}
