import {
  currentSchemaVersion,
  decideCommand,
  foldEvents,
  uuidv7,
  type AggregateType,
} from '@mymedic/shared';
import { describe, expect, it } from 'vitest';
import {
  allergyResources,
  appointmentResource,
  bundle,
  conditionResources,
  consentResources,
  documentReferenceResource,
  encounterResource,
  medicationRequestResources,
  patientResource,
  type FhirResource,
} from './resources';
import { observationResources } from './observations';
import { expectValid, validateFhir } from '../../test/fhir-schema';

const hospitalId = uuidv7();
const doctor = { user_id: uuidv7(), roles: ['doctor' as const] };
const at = '2026-11-30T09:00:00.000Z';

/** One aggregate's record as the read model keeps it, from commands decided as a doctor would. */
function recordOf<Type extends AggregateType>(
  type: Type,
  commands: { type: string; payload: unknown }[],
) {
  const id = uuidv7();
  const events: { type: string; schema_version: number; data: unknown }[] = [];
  for (const command of commands) {
    const state = foldEvents(type, events);
    for (const event of decideCommand({ ...command, aggregate_type: type }, state, {
      hospital_id: hospitalId,
      aggregate_id: id,
      actor: doctor,
      issued_at: at,
    }))
      events.push({
        type: event.type,
        schema_version: currentSchemaVersion(event.type),
        data: event.data,
      });
  }
  return { id, state: foldEvents(type, events), updated_at: at };
}

describe('FHIR R4 resources', () => {
  it('are valid against the official R4 schema for a patient with every kind of record', () => {
    const patient = recordOf('patient', [
      {
        type: 'RegisterPatient',
        payload: {
          mrn: 'HC-0001',
          full_name: 'Jane Wanjiru',
          date_of_birth: '1984-03-12',
          gender: 'female',
          phone: '+254 712 345678',
          email: 'jane@example.org',
          address: { line1: 'Plot 4', village: 'Kijabe', city: 'Nakuru' },
          preferred_language: 'sw',
          emergency_contact: { name: 'Peter', phone: '+254 700 000000', relationship: 'brother' },
        },
      },
      {
        type: 'RecordAllergy',
        payload: {
          allergy_id: uuidv7(),
          substance: 'Penicillin',
          reaction: 'Hives',
          severity: 'severe',
        },
      },
      {
        type: 'RecordConsent',
        payload: {
          consent_id: uuidv7(),
          consent_type: 'treatment',
          scope: 'All care',
          given_at: at,
        },
      },
    ]);
    expect(patient.state.allergies).toHaveLength(1);
    const visit = recordOf('visit', [
      { type: 'CheckInPatient', payload: { patient_id: patient.id, checked_in_at: at } },
      { type: 'StartConsultation', payload: {} },
      {
        type: 'RecordDiagnosis',
        payload: {
          diagnosis_id: uuidv7(),
          code: 'J06.9',
          description: 'Upper respiratory infection',
          kind: 'primary',
        },
      },
      { type: 'SetTreatmentPlan', payload: { plan: 'Rest and fluids', follow_up_in_days: 7 } },
    ]);
    const vitals = recordOf('vitals', [
      {
        type: 'RecordVitals',
        payload: {
          patient_id: patient.id,
          visit_id: visit.id,
          systolic: 128,
          diastolic: 84,
          pulse: 78,
          temperature_c: 37.9,
          respiratory_rate: 18,
          spo2: 97,
          weight_kg: 64,
          height_cm: 162,
          glucose_mmol_l: 5.4,
          taken_at: at,
        },
      },
    ]);
    const documentRecord = recordOf('document', [
      {
        type: 'AttachDocument',
        payload: {
          patient_id: patient.id,
          visit_id: visit.id,
          category: 'lab_report',
          title: 'Full blood count',
          file_name: 'fbc.pdf',
          mime_type: 'application/pdf',
          size_bytes: 1200,
          sha256: 'a'.repeat(64),
        },
      },
    ]);
    const resources: FhirResource[] = [
      patientResource(patient),
      ...allergyResources(patient),
      ...consentResources(patient),
      encounterResource(visit),
      ...conditionResources(visit),
      ...observationResources(vitals),
      documentReferenceResource(documentRecord, `https://clinic.example/files/${'a'.repeat(64)}`)!,
      appointmentResource({
        appointment_id: uuidv7(),
        patient_id: patient.id,
        doctor_id: doctor.user_id,
        location_id: null,
        starts_at: at,
        duration_minutes: 20,
        status: 'completed',
        overbooking_intended: false,
        visit_type: 'consultation',
        reason: 'Cough',
        visit_id: visit.id,
      }),
      ...medicationRequestResources({
        id: uuidv7(),
        updated_at: at,
        state: {
          exists: true,
          status: 'issued',
          cancellation: null,
          prescription: {
            patient_id: patient.id,
            visit_id: visit.id,
            medications: [
              {
                name: 'Paracetamol 500 mg',
                dosage: '1 tablet',
                frequency: 'every 6 h',
                duration: '3 days',
                quantity: 12,
                instructions: 'After food',
              },
            ],
            diagnosis: 'Upper respiratory infection',
            content_sha256: 'b'.repeat(64),
            signed_by: doctor.user_id,
            signed_at: at,
          },
        },
      }),
    ];
    const kinds = new Set(resources.map((resource) => resource.resourceType));
    expect([...kinds].sort()).toEqual(
      [
        'AllergyIntolerance',
        'Appointment',
        'Condition',
        'Consent',
        'DocumentReference',
        'Encounter',
        'MedicationRequest',
        'Observation',
        'Patient',
      ].sort(),
    );
    expect(resources.filter((resource) => resource.resourceType === 'Observation')).toHaveLength(9);
    for (const resource of resources) expectValid(resource);
    const everything = bundle('searchset', 'https://clinic.example/fhir', resources);
    expectValid(everything);
    // Every reference to a resource of the Bundle resolves to one of its entries.
    const present = new Set(resources.map((resource) => `${resource.resourceType}/${resource.id}`));
    const references = JSON.stringify(resources).match(/"reference":"([^"]+)"/g) ?? [];
    const internal = references
      .map((text) => text.slice('"reference":"'.length, -1))
      .filter((target) => !target.startsWith('Practitioner/'));
    expect(internal.length).toBeGreaterThan(10);
    for (const target of internal) expect(present, target).toContain(target);
  });

  it('are refused by the schema when a required element is missing (the check can fail)', () => {
    expect(validateFhir({ resourceType: 'Observation', id: 'x', status: 'final' })).toBe(false);
    expect(validateFhir({ resourceType: 'Patient', id: 'x', gender: 'robot' })).toBe(false);
  });
});
