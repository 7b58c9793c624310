import type { StateOf, VisitStatus } from '@mymedic/shared';
import type { AppointmentRow } from '../projections/appointments';

/**
 * MyMedic's records as FHIR R4 resources (docs/read-side.md, "FHIR"). Pure functions
 * of the read models' rows: what a record holds and nothing it does not. Ids are the
 * aggregates' ids (a diagnosis, an allergy and a consent use their own ids); references
 * are relative (`Patient/<id>`), resolved against the Bundle entries' `fullUrl`s.
 */
export type FhirResource = { resourceType: string; id: string } & Record<string, unknown>;

/** A row of a read model: the aggregate's id and folded state, and when it was written. */
export interface RecordOf<State> {
  id: string;
  state: State;
  updated_at: string;
}

export const loinc = 'http://loinc.org';
export const ucum = 'http://unitsofmeasure.org';
export const icd10cm = 'http://hl7.org/fhir/sid/icd-10-cm';
const mrnSystem = 'urn:mymedic:mrn';

export const reference = (type: string, id: string | null | undefined) =>
  id ? { reference: `${type}/${id}` } : undefined;
const meta = (updatedAt: string, version?: number) => ({
  lastUpdated: updatedAt,
  ...(version === undefined ? {} : { versionId: String(version) }),
});
/** Leaves out absent values: FHIR forbids nulls and empty arrays and objects. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, entry]) =>
        entry !== undefined &&
        entry !== null &&
        entry !== '' &&
        !(Array.isArray(entry) && entry.length === 0),
    ),
  ) as T;
}
const concept = (text: string, coding?: { system: string; code: string; display?: string }) =>
  compact({ text, coding: coding ? [compact(coding)] : undefined });

export function patientResource(record: RecordOf<StateOf<'patient'>>): FhirResource {
  const { state } = record;
  const details = state.details;
  const address = details?.address;
  return compact({
    resourceType: 'Patient',
    id: record.id,
    meta: meta(record.updated_at),
    identifier: state.mrn ? [{ use: 'usual', system: mrnSystem, value: state.mrn }] : undefined,
    active: !state.archived,
    name: details ? [{ text: details.full_name }] : undefined,
    telecom: [
      ...(details?.phone ? [{ system: 'phone', value: details.phone }] : []),
      ...(details?.email ? [{ system: 'email', value: details.email }] : []),
    ],
    gender: details?.gender,
    birthDate:
      details?.date_of_birth ??
      (details?.birth_year_estimate ? String(details.birth_year_estimate) : undefined),
    address: address
      ? [
          compact({
            line: [address.line1, address.village, address.landmark].filter(
              (line): line is string => Boolean(line),
            ),
            city: address.city,
            state: address.state,
            postalCode: address.postal_code,
          }),
        ]
      : undefined,
    communication: details?.preferred_language
      ? [{ language: { text: details.preferred_language } }]
      : undefined,
    contact: details?.emergency_contact
      ? [
          compact({
            relationship: details.emergency_contact.relationship
              ? [{ text: details.emergency_contact.relationship }]
              : undefined,
            name: { text: details.emergency_contact.name },
            telecom: [{ system: 'phone', value: details.emergency_contact.phone }],
          }),
        ]
      : undefined,
  });
}

const severities = { mild: 'mild', moderate: 'moderate', severe: 'severe' } as const;

export function allergyResources(record: RecordOf<StateOf<'patient'>>): FhirResource[] {
  return record.state.allergies.map((allergy) =>
    compact({
      resourceType: 'AllergyIntolerance',
      id: allergy.allergy_id,
      clinicalStatus: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
            code: 'active',
          },
        ],
      },
      code: { text: allergy.substance },
      patient: reference('Patient', record.id)!,
      reaction: [
        compact({
          manifestation: [{ text: allergy.reaction }],
          severity: allergy.severity === 'unknown' ? undefined : severities[allergy.severity],
        }),
      ],
    }),
  );
}

export function consentResources(record: RecordOf<StateOf<'patient'>>): FhirResource[] {
  return record.state.consents.map((consent) =>
    compact({
      resourceType: 'Consent',
      id: consent.consent_id,
      status: consent.withdrawn_at ? 'inactive' : 'active',
      scope: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/consentscope',
            code: consent.consent_type === 'treatment' ? 'treatment' : 'patient-privacy',
          },
        ],
        text: consent.consent_type,
      },
      category: [{ coding: [{ system: loinc, code: '59284-0', display: 'Patient Consent' }] }],
      patient: reference('Patient', record.id),
      dateTime: consent.given_at,
      policyRule: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }],
        text: consent.scope,
      },
      provision: consent.withdrawn_at
        ? { type: 'deny', period: { start: consent.withdrawn_at } }
        : { type: 'permit', period: { start: consent.given_at } },
    }),
  );
}

const encounterStatus: Record<VisitStatus, string> = {
  waiting: 'arrived',
  in_triage: 'triaged',
  in_consultation: 'in-progress',
  completed: 'finished',
};

export function encounterResource(record: RecordOf<StateOf<'visit'>>): FhirResource {
  const { state } = record;
  return compact({
    resourceType: 'Encounter',
    id: record.id,
    meta: meta(record.updated_at),
    status: state.status ? encounterStatus[state.status] : 'unknown',
    class: {
      system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      code: 'AMB',
      display: 'ambulatory',
    },
    priority: state.triage ? { text: state.triage.priority } : undefined,
    subject: reference('Patient', state.patient_id),
    participant: state.doctor_id
      ? [{ individual: { reference: `Practitioner/${state.doctor_id}`, display: 'Doctor' } }]
      : undefined,
    appointment: state.appointment_id
      ? [reference('Appointment', state.appointment_id)]
      : undefined,
    period: compact({ start: state.checked_in_at, end: state.completed_at }),
    reasonCode: state.triage ? [{ text: state.triage.complaint }] : undefined,
    diagnosis: state.diagnoses.map((diagnosis, index) => ({
      condition: reference('Condition', diagnosis.diagnosis_id),
      rank: diagnosis.kind === 'primary' ? 1 : index + 2,
    })),
  });
}

export function conditionResources(record: RecordOf<StateOf<'visit'>>): FhirResource[] {
  const { state } = record;
  return state.diagnoses.map((diagnosis) =>
    compact({
      resourceType: 'Condition',
      id: diagnosis.diagnosis_id,
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
        ],
      },
      verificationStatus: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
            code: 'confirmed',
          },
        ],
      },
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/condition-category',
              code: 'encounter-diagnosis',
            },
          ],
        },
      ],
      code: concept(diagnosis.description, {
        system: icd10cm,
        code: diagnosis.code,
        display: diagnosis.description,
      }),
      subject: reference('Patient', state.patient_id)!,
      encounter: reference('Encounter', record.id),
      note: [{ text: diagnosis.kind === 'primary' ? 'Primary diagnosis' : 'Secondary diagnosis' }],
    }),
  );
}

export function medicationRequestResources(
  record: RecordOf<StateOf<'prescription'>>,
): FhirResource[] {
  const { state } = record;
  const prescription = state.prescription;
  if (!prescription) return [];
  return prescription.medications.map((medication, index) =>
    compact({
      resourceType: 'MedicationRequest',
      id: `${record.id}-${index + 1}`,
      status: state.status === 'cancelled' ? 'cancelled' : 'active',
      statusReason: state.cancellation ? { text: state.cancellation.reason } : undefined,
      intent: 'order',
      groupIdentifier: { system: 'urn:mymedic:prescription', value: record.id },
      medicationCodeableConcept: { text: medication.name },
      subject: reference('Patient', prescription.patient_id)!,
      encounter: reference('Encounter', prescription.visit_id),
      authoredOn: prescription.signed_at,
      requester: { reference: `Practitioner/${prescription.signed_by}` },
      reasonCode: prescription.diagnosis ? [{ text: prescription.diagnosis }] : undefined,
      dosageInstruction: [
        compact({
          text: [
            medication.dosage,
            medication.frequency,
            medication.duration,
            medication.instructions,
          ]
            .filter(Boolean)
            .join(', '),
          patientInstruction: medication.instructions,
        }),
      ],
      dispenseRequest: { quantity: { value: medication.quantity } },
    }),
  );
}

const appointmentStatus = {
  scheduled: 'booked',
  checked_in: 'arrived',
  completed: 'fulfilled',
  cancelled: 'cancelled',
  no_show: 'noshow',
} as const;

export function appointmentResource(row: AppointmentRow): FhirResource {
  const start = new Date(row.starts_at);
  return compact({
    resourceType: 'Appointment',
    id: row.appointment_id,
    status: appointmentStatus[row.status],
    appointmentType: { text: row.visit_type },
    description: row.reason,
    start: start.toISOString(),
    end: new Date(start.getTime() + row.duration_minutes * 60_000).toISOString(),
    minutesDuration: row.duration_minutes,
    participant: [
      { actor: reference('Patient', row.patient_id), status: 'accepted' },
      { actor: { reference: `Practitioner/${row.doctor_id}` }, status: 'accepted' },
    ],
  });
}

export function documentReferenceResource(
  record: RecordOf<StateOf<'document'>>,
  fileUrl: string,
): FhirResource | undefined {
  const document = record.state.document;
  if (!document) return undefined;
  return compact({
    resourceType: 'DocumentReference',
    id: record.id,
    meta: meta(record.updated_at),
    status: record.state.archived ? 'superseded' : 'current',
    type: { text: document.category },
    subject: reference('Patient', document.patient_id),
    date: record.updated_at,
    description: document.title,
    content: [
      {
        attachment: {
          contentType: document.mime_type,
          url: fileUrl,
          size: document.size_bytes,
          title: document.file_name,
        },
      },
    ],
    context: document.visit_id
      ? { encounter: [reference('Encounter', document.visit_id)] }
      : undefined,
  });
}

/** A Bundle of resources; `base` makes each entry's fullUrl, against which references resolve. */
export function bundle(
  type: 'searchset' | 'collection',
  base: string,
  resources: FhirResource[],
  total = resources.length,
) {
  return {
    resourceType: 'Bundle',
    type,
    ...(type === 'searchset' ? { total } : {}),
    timestamp: new Date().toISOString(),
    entry: resources.map((resource) => ({
      fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
      resource,
      ...(type === 'searchset' ? { search: { mode: 'match' } } : {}),
    })),
  };
}
