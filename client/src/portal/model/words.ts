import { format, formatDistanceStrict } from 'date-fns';
import type { Appointment, AppointmentAction, PortalError, SentVia } from './api';

/**
 * The portal's plain words: what the patient reads for each answer and refusal. Kept
 * apart from the screens so they are tested as they are written.
 */

export const resendAfterSeconds = 60;

/** "45 seconds", "2 minutes": a wait, rounded up to what a person would say. */
export function waitWords(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return `${whole} second${whole === 1 ? '' : 's'}`;
  const minutes = Math.ceil(whole / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export const sentViaWords: Record<SentVia, string> = {
  whatsapp: 'by WhatsApp',
  sms: 'by text message (SMS)',
  email: 'by email',
};

/** What is wrong with a typed contact before it is sent, or null. */
export function contactProblem(contact: string): string | null {
  const typed = contact.trim();
  if (!typed) return 'Type the phone number or email address the clinic has for you';
  if (typed.includes('@')) {
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(typed)
      ? null
      : 'This email address looks incomplete: check it';
  }
  const digits = typed.replace(/\D/g, '');
  if (/[^\d\s+().-]/.test(typed) || digits.length < 7 || digits.length > 15)
    return 'Type a phone number (with its country code if you have one) or an email address';
  return null;
}

/** What a typed code lacks before it is sent, or null: six digits, spaces allowed. */
export function codeProblem(code: string): string | null {
  const digits = code.replace(/\s/g, '');
  if (!digits) return 'Type the 6-digit code';
  if (!/^\d{6}$/.test(digits)) return 'The code is 6 digits';
  return null;
}

const retryAfter = (error: PortalError) => {
  const seconds = Number(error.details.retry_after_seconds);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
};

/** A refusal of the sign-in, in words that say what to do next. */
export function signInRefusal(error: PortalError): string {
  if (error.unreachable) return 'No connection to the clinic. Check your internet and try again.';
  if (error.status === 429) {
    const seconds = retryAfter(error);
    return seconds
      ? `Too many tries. Please wait ${waitWords(seconds)} and try again.`
      : 'Too many tries. Please wait a little and try again.';
  }
  if (error.code === 'challenge_closed')
    return 'This code cannot be used any more (it was tried too many times or is more than 10 minutes old). Ask for a new code.';
  if (error.status === 401) {
    const left = Number(error.details.tries_left);
    if (Number.isFinite(left)) {
      if (left <= 0) return 'That code is not right, and no tries are left. Ask for a new code.';
      return `That code is not right. You have ${left} ${left === 1 ? 'try' : 'tries'} left.`;
    }
    return 'That code is not right.';
  }
  if (error.status === 404)
    return 'This clinic is not known here. Check the link the clinic gave you.';
  return error.message;
}

/** Whether a refusal means the code can no longer be used (ask for a new one). */
export const challengeIsClosed = (error: PortalError) =>
  error.code === 'challenge_closed' ||
  (error.status === 401 && Number(error.details.tries_left) <= 0);

export const visitTypeWords: Record<string, string> = {
  consultation: 'Consultation',
  follow_up: 'Follow-up',
  emergency: 'Emergency',
  procedure: 'Procedure',
  vaccination: 'Vaccination',
};

export const statusWords: Record<string, string> = {
  scheduled: 'Booked',
  checked_in: 'Checked in',
  completed: 'Done',
  cancelled: 'Cancelled',
  no_show: 'Missed',
};

/** The patient's own last answer, as they would say it. */
export function responseWords(response: Appointment['patient_response']): string | null {
  if (!response) return null;
  const when = format(new Date(response.at), 'd MMM, HH:mm');
  if (response.kind === 'confirmed') return `You confirmed you will come (${when}).`;
  if (response.kind === 'cancellation_requested')
    return `You asked to cancel (${when}). The clinic will cancel it and may contact you.`;
  const preference = response.note ? `: “${response.note}”` : '';
  return `You asked to move it${preference} (${when}). The clinic will contact you with a new time.`;
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

export const actionWords: Record<
  AppointmentAction,
  { button: string; question: string; yes: string; done: string }
> = {
  confirm: {
    button: 'Confirm I will come',
    question: 'Tell the clinic you will come to this appointment?',
    yes: 'Yes, I will come',
    done: 'Thank you. The clinic knows you will come.',
  },
  cancel: {
    button: 'Ask to cancel',
    question: 'Ask the clinic to cancel this appointment?',
    yes: 'Yes, ask to cancel',
    done: 'Your request to cancel was sent. The clinic will cancel the appointment.',
  },
  move: {
    button: 'Ask to move',
    question: 'Ask the clinic for another time?',
    yes: 'Yes, ask to move',
    done: 'Your request was sent. The clinic will contact you with a new time.',
  },
};

/** "Tuesday 8 December 2026 at 09:30". */
export const whenWords = (iso: string) => format(new Date(iso), "EEEE d MMMM yyyy 'at' HH:mm");
export const dayWords = (iso: string) => format(new Date(iso), 'd MMMM yyyy');

/** "Last updated 5 minutes ago (1 Dec, 10:20)". */
export function lastUpdatedWords(loadedAt: string, now = new Date()): string {
  const loaded = new Date(loadedAt);
  const ago =
    now.getTime() - loaded.getTime() < 60_000
      ? 'just now'
      : `${formatDistanceStrict(loaded, now)} ago`;
  return `Last updated ${ago} (${format(loaded, 'd MMM, HH:mm')})`;
}

/** Every kind of consent the clinic records (the domain's list, checked by a test), in words. */
export const consentWords: Record<string, { title: string; about: string }> = {
  treatment: { title: 'Treatment', about: 'You agree to be examined and treated at the clinic.' },
  data_sharing: {
    title: 'Sharing my records',
    about: 'The clinic may share your records with other doctors caring for you.',
  },
  sms_reminders: { title: 'Reminders by text message', about: 'Appointment reminders by SMS.' },
  whatsapp_reminders: {
    title: 'Reminders by WhatsApp',
    about: 'Appointment reminders on WhatsApp.',
  },
  email_reminders: { title: 'Reminders by email', about: 'Appointment reminders by email.' },
  photography: {
    title: 'Photographs',
    about: 'The clinic may take photographs for your record.',
  },
  research: {
    title: 'Research',
    about: 'Your records, without your name, may be used for medical research.',
  },
};

/** "1.2 MB", "830 KB": a file's size as a person reads it. */
export function sizeWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
