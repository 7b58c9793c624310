import type { ReminderChannelName } from '@mymedic/shared';

/** A template row's WhatsApp fields as typed on the settings form. */
export interface WhatsAppFields {
  name: string;
  languageCode: string;
  /** The template's variables in order: "patient, doctor, date, time" or "{patient} {doctor}". */
  variables: string;
  buttons: boolean;
}

/**
 * The approved WhatsApp template of a row, as the settings take it, or null on another
 * channel. What is typed is passed on as it is: the shared decider names what is wrong
 * (a name with capitals, an unknown variable).
 */
export function whatsAppTemplateOf(channel: ReminderChannelName, fields: WhatsAppFields) {
  if (channel !== 'whatsapp') return null;
  return {
    name: fields.name.trim(),
    language_code: fields.languageCode.trim(),
    parameters: fields.variables.split(/[\s,{}]+/).filter(Boolean),
    reply_buttons: fields.buttons,
  };
}

/** The variables as the form shows them again: "patient, doctor, date". */
export const variablesText = (parameters: readonly string[] | undefined) =>
  (parameters ?? []).join(', ');
