import {
  channelLabels,
  clinicCountry,
  fillTemplate,
  knownZone,
  phoneInE164,
  reminderConsentOf,
  reminderKindOf,
  templateFor,
  type AppointmentStatus,
  type CountryCode,
  type HospitalState,
  type PatientResponseKind,
  type PatientState,
  type ReminderChannelName,
  type TemplatePlaceholder,
  type WhatsAppTemplate,
} from '@mymedic/shared';
import { afterQuietHours, clinicDateAndTime } from './clinic-time';

/** One appointment as planning needs it, from the server's appointments read model. */
export interface PlannedAppointment {
  appointment_id: string;
  patient_id: string;
  doctor_id: string;
  location_id: string | null;
  starts_at: string;
  status: AppointmentStatus;
  /** What the patient last said of this slot (folded from the appointment's events). */
  patient_response?: PatientResponseKind | null;
}

export interface PlanInput {
  appointment: PlannedAppointment;
  patient: PatientState | null;
  hospital: HospitalState | null;
  doctorName: string | null;
  /** The channels this server can send on (their settings are present). */
  available: ReadonlySet<ReminderChannelName>;
}

/** What one reminder (a channel and a kind) should be, as far as the appointment goes. */
export type PlannedReminder = {
  channel: ReminderChannelName;
  reminder_kind: string;
  offset_minutes: number;
} & (
  | ({ outcome: 'send'; due_at: string } & PlannedMessage)
  | { outcome: 'skip'; due_at: string; detail: string }
  | { outcome: 'none'; detail: string }
);

/** A reminder's message as planned: its address and text, and what a template channel needs. */
export interface PlannedMessage {
  address: string;
  subject: string | null;
  body: string;
  /** The template's language, as the organisation named it. */
  language: string;
  /** Each placeholder's value for this appointment. */
  values: Record<TemplatePlaceholder, string>;
  /** WhatsApp's approved template; null on other channels. */
  whatsapp: WhatsAppTemplate | null;
}

export interface Plan {
  reminders: PlannedReminder[];
  /** Why a reminder absent from `reminders` is not wanted (settings changed, cancelled). */
  otherwise: string;
}

const closed: Partial<Record<AppointmentStatus, string>> = {
  cancelled: 'The appointment was cancelled',
  no_show: 'The appointment was marked a no-show',
  checked_in: 'The patient has checked in',
  completed: 'The appointment is completed',
};

/** The patient's answers that end reminders: as good as a cancellation for them. */
const closingResponses: Partial<Record<PatientResponseKind, string>> = {
  cancellation_requested: 'The patient asked to cancel',
};

/**
 * The reminders an appointment should have (docs/reminders.md, "Scheduling"). Pure: the
 * caller reads the appointment, patient and organisation, and reconciles the plan with
 * the outbox. A reminder goes on a channel the organisation sends on, that this server
 * can send on, that the patient consented to, to an address on record; its time is
 * moved out of quiet hours, or skipped when that passes the appointment.
 */
export function planReminders(input: PlanInput): Plan {
  const { appointment, patient, hospital } = input;
  const settings = hospital?.settings?.reminders;
  if (!settings || settings.channels.length === 0)
    return { reminders: [], otherwise: 'Reminders are switched off' };
  const closedReason = closed[appointment.status];
  if (closedReason) return { reminders: [], otherwise: closedReason };
  const answered = appointment.patient_response && closingResponses[appointment.patient_response];
  if (answered) return { reminders: [], otherwise: answered };
  if (!patient?.details || patient.archived)
    return { reminders: [], otherwise: 'The patient record is archived' };
  const details = patient.details;
  const timeZone = knownZone(hospital.settings!.timezone);
  const startsAt = Date.parse(appointment.starts_at);
  const { date, time } = clinicDateAndTime(startsAt, timeZone);
  const location = hospital.locations.find(
    (known) => known.location_id === appointment.location_id,
  );
  const values: Record<TemplatePlaceholder, string> = {
    patient: details.full_name,
    doctor: input.doctorName ?? 'your doctor',
    clinic: hospital.settings!.name,
    date,
    time,
    location: location
      ? [location.name, location.address].filter(Boolean).join(', ')
      : hospital.settings!.name,
  };

  const country = clinicCountry(hospital.settings);
  const reminders = settings.channels.flatMap((channel) => {
    const whyNot = channelProblem(channel, input, country);
    const address = whyNot ? null : addressOf(channel, details, country);
    const template = templateFor(settings, channel, details.preferred_language);
    return settings.offsets_minutes.map((offset): PlannedReminder => {
      const key = { channel, reminder_kind: reminderKindOf(offset), offset_minutes: offset };
      if (whyNot) return { ...key, outcome: 'none', detail: whyNot };
      if (!address || !template) return { ...key, outcome: 'none', detail: 'No template' };
      if (channel === 'whatsapp' && !template.whatsapp)
        return { ...key, outcome: 'none', detail: 'No approved WhatsApp template is set' };
      const wanted = startsAt - offset * 60_000;
      const due = afterQuietHours(wanted, settings.quiet_hours, timeZone);
      if (due >= startsAt)
        return {
          ...key,
          outcome: 'skip',
          due_at: new Date(wanted).toISOString(),
          detail: 'Its time falls in quiet hours that last until the appointment',
        };
      return {
        ...key,
        outcome: 'send',
        due_at: new Date(due).toISOString(),
        address,
        subject: template.subject ? fillTemplate(template.subject, values) : null,
        body: fillTemplate(template.body, values),
        language: template.language,
        values,
        whatsapp: channel === 'whatsapp' ? template.whatsapp : null,
      };
    });
  });
  return { reminders, otherwise: 'The organisation no longer sends this reminder' };
}

/** Why a channel is not used for this patient, or null when it is. */
function channelProblem(
  channel: ReminderChannelName,
  input: PlanInput,
  country: CountryCode | null,
): string | null {
  const label = channelLabels[channel];
  if (!input.available.has(channel)) return `${label} is not set up on this server`;
  const consentType = reminderConsentOf[channel];
  const consented = input.patient!.consents.some(
    (consent) => consent.consent_type === consentType && consent.withdrawn_at === null,
  );
  if (!consented) return `The patient has not consented to reminders by ${label}`;
  const details = input.patient!.details!;
  if (!addressOf(channel, details, country))
    return channel === 'email'
      ? 'No email address on record'
      : details.phone
        ? `The phone number on record cannot receive ${label} (give it with +country code)`
        : 'No phone number on record';
  return null;
}

function addressOf(
  channel: ReminderChannelName,
  details: NonNullable<PatientState['details']>,
  country: CountryCode | null,
): string | null {
  if (channel === 'email') return details.email;
  return details.phone ? phoneInE164(details.phone, country) : null;
}
