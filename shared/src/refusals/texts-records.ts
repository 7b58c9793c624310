/** The English of the refusals about records in general and the people and clinic in them. */

export const kernelTexts = {
  invalidDetails: 'Some details are not valid',
  unknownSchemaVersion: 'Unknown schema_version {{version}} of {{type}}',
  notAnEventOf: '{{type}} is not a {{aggregate}} event',
  unknownCommand: 'Unknown command {{type}}',
  unknownCommandType: 'Unknown command type {{type}}',
  unknownAggregate: 'Unknown aggregate type {{type}}',
  unknownEvent: 'Unknown event type {{type}}',
  commandOfOtherAggregate: '{{type}} is a {{aggregate}} command, not a {{given}} one',
  roleMayNot: 'A {{roles}} may not {{type}}',
  noRoleMayNot: 'A person without a role may not {{type}}',
  invalidRequest: 'The {{what}} is not valid',
  changedElsewhere: 'This {{record}} changed on another device meanwhile',
  unknownLink: 'No such {{record}} in this organisation',
  unknownLocation: 'No such location in this organisation',
};

/**
 * The kinds of record a refusal names (`{ key: 'record.user' }`), one per aggregate type,
 * as English says them after "This".
 */
export const recordNames = {
  hospital: 'hospital',
  user: 'user',
  patient: 'patient',
  appointment: 'appointment',
  visit: 'visit',
  vitals: 'vitals record',
  note: 'note',
  prescription: 'prescription',
  document: 'document',
  message: 'message',
  conflict: 'conflict',
};

export const fieldTexts = {
  required: '{{field}} is required',
  tooLong: '{{field}} must be at most {{max}} characters',
  invalidId: 'Must be a valid id',
  dateTime: 'Must be a date and time',
  date: 'Must be a date (YYYY-MM-DD)',
  emailInvalid: 'Email address is not valid',
  digestRequired: 'A SHA-256 digest is required',
  digest: 'Must be a SHA-256 digest (64 hex digits)',
  digestMismatch: "The signature's digest is not the SHA-256 of {{what}}: sign it again",
  laterThanNow: '{{field}} cannot be later than now',
  nothingToChange: 'Nothing to change',
  alreadyRecorded: 'Already recorded',
  alreadyInUse: 'Already in use',
  clockTime: 'Use HH:MM',
  countryFromList: 'Choose a country from the list',
};

export const phoneTexts = {
  shape: 'Phone must be 6 to 20 digits, optionally starting with +',
  notANumber: 'Not a phone number: use digits, spaces or dashes, and + before a country code',
  needsCountryCode:
    'Write the number with + and its country code (+254 712 345678): the organisation has no country set',
  unknownCountryCode: 'Not a phone number: no country has the code it starts with',
  tooShortIn: 'Not a phone number in {{country}}: too short',
  tooLongIn: 'Not a phone number in {{country}}: too long',
  wrongLengthIn: 'Not a phone number in {{country}}: wrong number of digits',
  notRealIn: 'Not a phone number in {{country}}: no number there starts or runs like this',
  tooShortWithCode: 'Not a phone number with country code +{{code}}: too short',
  tooLongWithCode: 'Not a phone number with country code +{{code}}: too long',
  wrongLengthWithCode: 'Not a phone number with country code +{{code}}: wrong number of digits',
  notRealWithCode:
    'Not a phone number with country code +{{code}}: no number there starts or runs like this',
  knownCountry: 'A country whose phone numbers are known, such as KE',
};

export const patientTexts = {
  alreadyRegistered: 'The patient is already registered',
  notFound: 'No such patient',
  archived: 'The patient record is archived',
  changedMeanwhile: 'Changed meanwhile on another device: {{fields}}',
  birthNeeded: 'Give a date of birth or an estimated age',
  birthDateWrong: 'Date of birth looks wrong',
  birthYearNumber: 'Estimated birth year must be a number',
  birthYearWrong: 'Estimated birth year looks wrong',
  chooseGender: 'Choose female, male, other or unknown',
  mrnRequired: 'MRN is required',
  mrnShape: 'MRN must be 3 to 40 capital letters, digits or dashes',
  consentAlreadyRecorded: 'That consent is already recorded',
  consentNotFound: 'No such consent',
  consentAlreadyWithdrawn: 'The consent is already withdrawn',
  chooseConsent: 'Choose a kind of consent',
  allergyAlreadyRecorded: 'That allergy is already recorded',
  allergyToAlreadyRecorded: 'An allergy to {{substance}} is already recorded',
  chooseSeverity: 'Choose a severity',
};

export const userTexts = {
  alreadyExists: 'The user already exists',
  notFound: 'No such user',
  deactivated: 'The user is deactivated',
  notYourself: 'You cannot deactivate yourself',
  notOwnRoles: 'You cannot change your own roles',
  languageIsOwn: 'Only the person themselves chooses their language',
  chooseRole: 'Choose admin, doctor, nurse or receptionist',
  atLeastOneRole: 'Choose at least one role',
  eachRoleOnce: 'Each role once',
  chooseLanguage: 'Choose English, French, Spanish or Swahili',
  lastAdmin: 'This is the last admin of the organisation: make someone else admin first',
};

export const messageTexts = {
  alreadySent: 'The message is already sent',
  notFound: 'No such message',
  notYourself: 'Choose someone other than yourself',
  onlyRecipientsMarkRead: 'Only its recipients can mark a message read',
  chooseRole: 'Choose a role',
  chooseRecipient: 'Choose whom the message is for',
};

export const conflictTexts = {
  alreadyResolved: 'This conflict is already resolved',
  followUpNeeded: 'A redo or a merge names the command that carried it out',
  nameFollowUp: 'Name the command that carried it out',
  chooseChoice: 'Choose redo, merge, discard or keep both',
};

export const organisationTexts = {
  alreadyExists: 'The organisation already exists',
  notRegistered: 'The organisation is not registered',
  locationExists: 'That location already exists',
  locationNameTaken: 'A location called {{name}} already exists',
  chooseKind: 'Choose independent doctor, clinic or hospital',
  chooseTimeZone: 'Choose a time zone such as Africa/Nairobi',
  countryShape: 'A country is two capital letters, such as KE',
};

export const reminderTexts = {
  unknownPlaceholder: 'Unknown placeholder {{unknown}}: use {{known}}',
  templateName: "Use the approved template's name: lower-case letters, digits and _",
  languageCode: "Use WhatsApp's language code, such as en, en_US or sw",
  variable: 'A variable must be one of {{known}}',
  atMostTenVariables: 'At most 10 variables',
  chooseChannel: 'Choose WhatsApp, SMS or email',
  minutesNumber: 'A reminder time must be a number of minutes',
  wholeMinutes: 'A reminder time must be whole minutes',
  atLeastFiveMinutes: 'A reminder must go at least 5 minutes before',
  atMostFourteenDays: 'A reminder must go at most 14 days before',
  atLeastOneTime: 'Give at least one reminder time',
  callingCode: 'Country code must be 1 to 3 digits, without +',
  channelTwice: 'A channel is listed twice',
  timeTwice: 'A reminder time is listed twice',
  quietHoursEnd: 'Quiet hours must end at another time than they start',
  twoTemplates: 'Two {{channel}} templates in {{language}}',
  emailSubject: 'An email template needs a subject',
  noFallbackTemplate: 'No {{channel}} template in {{language}}, the fallback language',
  whatsAppTemplate: "A WhatsApp template needs the approved template's name and language code",
};
