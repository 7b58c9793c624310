import { z } from 'zod';
import type { CommandContext, CommandDefinition, Decider } from '../../kernel/decider';
import { jsonEqual } from '../../kernel/equal';
import { DomainError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/validate';
import { isoDateTime, requiredText, uuidField } from '../fields';
import {
  patientDetailFieldNames,
  patientDetailFields,
  registerPatientSchema,
  type PatientDetailField,
  type PatientDetails,
} from './details';
import {
  allergyRecordedSchema,
  consentTypes,
  evolvePatient,
  initialPatientState,
  patientArchivedSchema,
  type PatientEvent,
  type PatientState,
} from './events';

export const registerPatientPayload = registerPatientSchema;

/** For each changed field: the value the user saw, and the value they want. */
export const updatePatientDetailsPayload = z.object({
  changes: z
    .partialRecord(
      z.enum(patientDetailFieldNames as [PatientDetailField, ...PatientDetailField[]]),
      z.object({ from: z.unknown(), to: z.unknown() }),
    )
    .refine((changes) => Object.keys(changes).length > 0, { message: 'Nothing to change' }),
});
export const recordConsentPayload = z.object({
  consent_id: uuidField,
  consent_type: z.enum(consentTypes, { message: 'Choose a kind of consent' }),
  scope: requiredText('Scope', 500),
  given_at: isoDateTime.optional(),
});
export const withdrawConsentPayload = z.object({
  consent_id: uuidField,
  reason: requiredText('Reason', 500),
});
export const recordAllergyPayload = allergyRecordedSchema;
export const archivePatientPayload = patientArchivedSchema;

export type PatientCommand =
  | { type: 'RegisterPatient'; payload: z.input<typeof registerPatientPayload> }
  | { type: 'UpdatePatientDetails'; payload: z.input<typeof updatePatientDetailsPayload> }
  | { type: 'RecordConsent'; payload: z.input<typeof recordConsentPayload> }
  | { type: 'WithdrawConsent'; payload: z.input<typeof withdrawConsentPayload> }
  | { type: 'RecordAllergy'; payload: z.input<typeof recordAllergyPayload> }
  | { type: 'ArchivePatient'; payload: z.input<typeof archivePatientPayload> };

/** One field both sides changed: what the user saw, what is there now, what they wanted. */
export interface FieldConflict {
  field: PatientDetailField;
  seen: unknown;
  current: unknown;
  wanted: unknown;
}

function requireActivePatient(state: PatientState): PatientDetails {
  if (!state.exists || !state.details) throw new DomainError('not_found', 'No such patient');
  if (state.archived) throw new DomainError('illegal_state', 'The patient record is archived');
  return state.details;
}

export function registerPatient(payload: unknown, state: PatientState): PatientEvent[] {
  if (state.exists) throw new DomainError('illegal_state', 'The patient is already registered');
  return [
    { type: 'PatientRegistered', data: parseOrThrow(registerPatientPayload, payload, 'Patient') },
  ];
}

/**
 * Field-merge: a field whose value is still the one the user saw takes the new value;
 * a field someone else changed to a different value is a conflict; a field that already
 * holds the wanted value is left alone. Untouched fields never collide.
 */
export function updatePatientDetails(payload: unknown, state: PatientState): PatientEvent[] {
  const details = requireActivePatient(state);
  const { changes } = parseOrThrow(updatePatientDetailsPayload, payload, 'Patient update');
  const applied: Partial<PatientDetails> = {};
  const conflicts: FieldConflict[] = [];
  for (const [field, change] of Object.entries(changes) as [
    PatientDetailField,
    { from: unknown; to: unknown },
  ][]) {
    const wanted: unknown = parseOrThrow(patientDetailFields[field], change.to, field);
    const current = details[field];
    if (jsonEqual(current, wanted)) continue;
    if (jsonEqual(current, change.from)) {
      (applied as Record<string, unknown>)[field] = wanted;
    } else {
      conflicts.push({ field, seen: change.from ?? null, current: current ?? null, wanted });
    }
  }
  if (conflicts.length > 0) {
    throw new DomainError(
      'conflict',
      `Changed meanwhile on another device: ${conflicts.map((conflict) => conflict.field).join(', ')}`,
      { fields: conflicts },
    );
  }
  const merged = { ...details, ...applied };
  if (merged.date_of_birth === null && merged.birth_year_estimate === null) {
    throw new DomainError('validation', 'Give a date of birth or an estimated age', {
      issues: [{ path: 'date_of_birth', message: 'Give a date of birth or an estimated age' }],
    });
  }
  if (Object.keys(applied).length === 0) return [];
  return [{ type: 'PatientDetailsUpdated', data: { changes: applied } }];
}

export function recordConsent(
  payload: unknown,
  state: PatientState,
  context: CommandContext,
): PatientEvent[] {
  requireActivePatient(state);
  const consent = parseOrThrow(recordConsentPayload, payload, 'Consent');
  if (state.consents.some((known) => known.consent_id === consent.consent_id)) {
    throw new DomainError('illegal_state', 'That consent is already recorded');
  }
  return [
    {
      type: 'ConsentRecorded',
      data: {
        consent_id: consent.consent_id,
        consent_type: consent.consent_type,
        scope: consent.scope,
        given_at: consent.given_at ?? context.issued_at,
      },
    },
  ];
}

export function withdrawConsent(
  payload: unknown,
  state: PatientState,
  context: CommandContext,
): PatientEvent[] {
  requireActivePatient(state);
  const { consent_id, reason } = parseOrThrow(withdrawConsentPayload, payload, 'Withdrawal');
  const consent = state.consents.find((known) => known.consent_id === consent_id);
  if (!consent) throw new DomainError('not_found', 'No such consent');
  if (consent.withdrawn_at)
    throw new DomainError('illegal_state', 'The consent is already withdrawn');
  return [
    { type: 'ConsentWithdrawn', data: { consent_id, reason, withdrawn_at: context.issued_at } },
  ];
}

export function recordAllergy(payload: unknown, state: PatientState): PatientEvent[] {
  requireActivePatient(state);
  const allergy = parseOrThrow(recordAllergyPayload, payload, 'Allergy');
  if (state.allergies.some((known) => known.allergy_id === allergy.allergy_id)) {
    throw new DomainError('illegal_state', 'That allergy is already recorded');
  }
  if (
    state.allergies.some(
      (known) => known.substance.toLowerCase() === allergy.substance.toLowerCase(),
    )
  ) {
    throw new DomainError('validation', `An allergy to ${allergy.substance} is already recorded`, {
      issues: [{ path: 'substance', message: 'Already recorded' }],
    });
  }
  return [{ type: 'AllergyRecorded', data: allergy }];
}

export function archivePatient(payload: unknown, state: PatientState): PatientEvent[] {
  requireActivePatient(state);
  return [
    { type: 'PatientArchived', data: parseOrThrow(archivePatientPayload, payload, 'Archive') },
  ];
}

export const patientDecider: Decider<PatientState, PatientCommand, PatientEvent> = {
  aggregateType: 'patient',
  policy: 'field-merge',
  initialState: initialPatientState,
  evolve: evolvePatient,
  decide(command, state, context) {
    switch (command.type) {
      case 'RegisterPatient':
        return registerPatient(command.payload, state);
      case 'UpdatePatientDetails':
        return updatePatientDetails(command.payload, state);
      case 'RecordConsent':
        return recordConsent(command.payload, state, context);
      case 'WithdrawConsent':
        return withdrawConsent(command.payload, state, context);
      case 'RecordAllergy':
        return recordAllergy(command.payload, state);
      case 'ArchivePatient':
        return archivePatient(command.payload, state);
      default: {
        const unknown: never = command;
        throw new DomainError(
          'validation',
          `Unknown command ${(unknown as { type: string }).type}`,
        );
      }
    }
  },
};

export const patientCommandDefinitions: CommandDefinition[] = [
  {
    type: 'RegisterPatient',
    aggregateType: 'patient',
    payload: registerPatientPayload,
    creates: true,
  },
  {
    type: 'UpdatePatientDetails',
    aggregateType: 'patient',
    payload: updatePatientDetailsPayload,
    creates: false,
  },
  {
    type: 'RecordConsent',
    aggregateType: 'patient',
    payload: recordConsentPayload,
    creates: false,
  },
  {
    type: 'WithdrawConsent',
    aggregateType: 'patient',
    payload: withdrawConsentPayload,
    creates: false,
  },
  {
    type: 'RecordAllergy',
    aggregateType: 'patient',
    payload: recordAllergyPayload,
    creates: false,
  },
  {
    type: 'ArchivePatient',
    aggregateType: 'patient',
    payload: archivePatientPayload,
    creates: false,
  },
];
