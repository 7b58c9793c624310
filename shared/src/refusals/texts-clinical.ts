/** The English of the refusals about care: vitals, visits, prescriptions, notes, documents, appointments. */

export const vitalsTexts = {
  alreadyRecorded: 'These vitals are already recorded',
  notFound: 'No such vitals',
  alreadyEnteredInError: 'These vitals are already marked entered in error',
  whoMayMarkInError:
    'Only the person who recorded these vitals or a doctor may mark them entered in error',
  number: '{{sign}} must be a number',
  wholeNumber: '{{sign}} must be a whole number',
  range: '{{sign}} must be between {{min}} and {{max}} {{unit}}',
  rangePercent: '{{sign}} must be between {{min}} and {{max}}%',
  atLeastOne: 'Record at least one vital sign',
  diastolicNeedsSystolic: 'A diastolic needs its systolic',
  diastolicBelowSystolic: 'Diastolic must be lower than systolic',
  pulsePressureNarrow:
    'Systolic and diastolic only {{difference}} mmHg apart cannot be measured (at least {{min}}): check both',
  pulsePressureWide:
    'Systolic and diastolic {{difference}} mmHg apart is not plausible (at most {{max}}): check both',
  bmiImplausible:
    'This weight and height give a BMI of {{bmi}}, which cannot be (it must be {{min}} to {{max}}): check both',
};

export const visitTexts = {
  alreadyCheckedIn: 'The patient is already checked in',
  notFound: 'No such visit',
  completed: 'The visit is completed',
  alreadyCompleted: 'The visit is already completed',
  startConsultationFirst: 'Start the consultation first',
  consultationStarted: 'The consultation has already started',
  diagnosisAlreadyRecorded: 'That diagnosis is already recorded',
  codeAlreadyRecorded: '{{code}} is already recorded for this visit',
  primaryTaken: 'The visit already has a primary diagnosis; record this one as secondary',
  diagnosisNotFound: 'No such diagnosis on this visit',
  codeRequired: 'Diagnosis code is required',
  codeShape: 'Use an ICD-10 code such as J45 or J45.9',
  choosePriority: 'Choose routine, urgent or emergency',
  chooseKind: 'Choose primary or secondary',
  followUpNumber: 'Follow-up must be a number of days',
  followUpWhole: 'Follow-up must be whole days',
  followUpRange: 'Follow-up must be between 1 and 365 days',
};

export const prescriptionTexts = {
  alreadyIssued: 'The prescription is already issued; cancel it and issue a new one',
  notFound: 'No such prescription',
  alreadyCancelled: 'The prescription is already cancelled',
  quantityNumber: 'Quantity must be a number',
  quantityWhole: 'Quantity must be a whole number',
  quantityAtLeastOne: 'Quantity must be at least 1',
  quantityAtMost: 'Quantity must be at most 10000',
  addMedications: 'Add the medications',
  atLeastOneMedication: 'Add at least one medication',
  atMostTwenty: 'A prescription holds at most 20 medications',
};

export const noteTexts = {
  alreadyExists: 'The note already exists',
  notFound: 'No such note',
  signed: 'The note is signed; add an addendum instead',
  stillDraft: 'The note is still a draft; edit it instead',
  addendumAlreadyAdded: 'That addendum is already added',
  onlyAuthorSigns: "Only the note's author can sign it",
  onlyAuthorEdits: "Only the note's author can edit it",
  changedMeanwhile: 'The note changed meanwhile (revision {{revision}}, you saw {{seen}})',
  revisionNumber: 'Revision must be a number',
  revisionWhole: 'Revision must be a whole number',
  revisionAtLeastOne: 'Revision must be 1 or more',
};

export const documentTexts = {
  alreadyAttached: 'The document is already attached',
  notFound: 'No such document',
  archived: 'The document is archived',
  chooseCategory: 'Choose lab report, imaging, referral, consent form, photo or other',
  typeRequired: 'File type is required',
  typeShape: 'File type must be a media type such as application/pdf',
  sizeNumber: 'File size must be a number',
  sizeWhole: 'File size must be whole bytes',
  empty: 'The file is empty',
  tooLarge: 'The file is larger than 10 MB',
};

export const appointmentTexts = {
  alreadyScheduled: 'The appointment is already scheduled',
  notFound: 'No such appointment',
  notStarted: 'The appointment has not started yet',
  notCheckedIn: 'The patient has not been checked in for this appointment',
  checkedInForOtherVisit: 'The appointment was checked in for another visit',
  cancelled: 'The appointment is cancelled',
  noShow: 'The appointment is marked as a no-show',
  completed: 'The appointment is completed',
  alreadyCheckedIn: 'The patient is already checked in for this appointment',
  noLongerBooked: 'The appointment is no longer booked',
  alreadyStarted: 'The appointment has already started',
  slotTaken: "{{doctor}}'s slot is taken: {{day}}, {{from}}–{{to}} ({{zone}})",
  doctorsSlotTaken: "The doctor's slot is taken: {{day}}, {{from}}–{{to}} ({{zone}})",
  earlyNeedsReason: 'The appointment is on {{day}}: checking in before its day needs a reason',
  giveEarlyReason: 'Give the reason for checking in early',
  staffRoutes:
    "Staff note a patient's answer given by phone or in person; the others arrive by themselves",
  durationNumber: 'Duration must be a number of minutes',
  durationWhole: 'Duration must be whole minutes',
  durationRange: 'Duration must be between 5 and 480 minutes',
  chooseType: 'Choose consultation, follow-up, emergency, procedure or vaccination',
  answerRoute: 'Must say how the patient answered',
  reminderKind: 'Must be a reminder kind',
};
