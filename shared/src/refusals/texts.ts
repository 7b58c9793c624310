import { fieldLabels } from './texts-labels';
import {
  appointmentTexts,
  documentTexts,
  noteTexts,
  prescriptionTexts,
  visitTexts,
  vitalsTexts,
} from './texts-clinical';
import {
  conflictTexts,
  fieldTexts,
  kernelTexts,
  messageTexts,
  organisationTexts,
  patientTexts,
  phoneTexts,
  reminderTexts,
  userTexts,
} from './texts-records';
import { passwordTexts, portalTexts, serverTexts } from './texts-access';

/**
 * Every refusal's English, by key: the `errors` namespace of the client's translations
 * holds the same keys with the same English (a test keeps them equal) and the other
 * languages' words. i18next's `{{name}}` marks a value.
 */
export const refusalTexts = {
  kernel: kernelTexts,
  field: fieldTexts,
  label: fieldLabels,
  phone: phoneTexts,
  patient: patientTexts,
  user: userTexts,
  message: messageTexts,
  conflict: conflictTexts,
  organisation: organisationTexts,
  reminder: reminderTexts,
  vitals: vitalsTexts,
  visit: visitTexts,
  prescription: prescriptionTexts,
  note: noteTexts,
  document: documentTexts,
  appointment: appointmentTexts,
  password: passwordTexts,
  server: serverTexts,
  portal: portalTexts,
};
