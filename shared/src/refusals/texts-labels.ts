/**
 * The names of fields that refusals name ("Full name is required"), by key. A schema
 * names a field by its English (`requiredText('Full name')`), checked against this list
 * by TypeScript, and the refusal carries the key so each language says the name its way.
 */
export const fieldLabels = {
  address: 'Address',
  addressLine: 'Address line',
  city: 'City',
  complaint: 'Complaint',
  contactName: 'Contact name',
  description: 'Description',
  diagnosis: 'Diagnosis',
  dosage: 'Dosage',
  duration: 'Duration',
  error: 'Error',
  fallbackLanguage: 'Fallback language',
  fileName: 'File name',
  frequency: 'Frequency',
  fullName: 'Full name',
  instructions: 'Instructions',
  landmark: 'Landmark',
  language: 'Language',
  locationName: 'Location name',
  medicationName: 'Medication name',
  message: 'Message',
  name: 'Name',
  nationalId: 'National id',
  note: 'Note',
  organisationName: 'Organisation name',
  postalCode: 'Postal code',
  preferredLanguage: 'Preferred language',
  preferredTime: 'Preferred time',
  providerMessageId: 'Provider message id',
  reaction: 'Reaction',
  reason: 'Reason',
  relationship: 'Relationship',
  scope: 'Scope',
  state: 'State',
  subject: 'Subject',
  substance: 'Substance',
  timeTaken: 'Time taken',
  arrivedAt: 'Arrival time',
  timeZone: 'Time zone',
  title: 'Title',
  treatmentPlan: 'Treatment plan',
  village: 'Village',
  systolic: 'Systolic',
  diastolic: 'Diastolic',
  pulse: 'Pulse',
  temperature: 'Temperature',
  respiratoryRate: 'Respiratory rate',
  spo2: 'SpO2',
  weight: 'Weight',
  height: 'Height',
  glucose: 'Glucose',
} as const;

export type FieldLabel = (typeof fieldLabels)[keyof typeof fieldLabels];

const keyOfLabel = new Map<string, string>(
  Object.entries(fieldLabels).map(([key, english]) => [english, key]),
);

/** A field's name as a refusal's value: its key, said in the reader's language. */
export const fieldNamed = (english: FieldLabel) => ({ key: `label.${keyOfLabel.get(english)!}` });
