import { z } from 'zod';
import type { CommandContext, CommandDefinition, Decider } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { parseOrThrow } from '../../kernel/validate';
import {
  evolveHospital,
  hospitalSettingsSchema,
  initialHospitalState,
  locationAddedSchema,
  organizationKinds,
  type HospitalEvent,
  type HospitalState,
} from './events';

export const registerHospitalPayload = z.object({
  kind: z.enum(organizationKinds, { message: 'Choose independent doctor, clinic or hospital' }),
  name: hospitalSettingsSchema.shape.name,
  timezone: hospitalSettingsSchema.shape.timezone.default('UTC'),
  first_location_id: z.uuid(),
});
export const changeHospitalSettingsPayload = z.object({
  changes: hospitalSettingsSchema
    .partial()
    .refine((changes) => Object.keys(changes).length > 0, { message: 'Nothing to change' }),
});
export const addLocationPayload = locationAddedSchema;

export type HospitalCommand =
  | { type: 'RegisterHospital'; payload: z.input<typeof registerHospitalPayload> }
  | { type: 'ChangeHospitalSettings'; payload: z.input<typeof changeHospitalSettingsPayload> }
  | { type: 'AddLocation'; payload: z.input<typeof addLocationPayload> };

const requireRegistered = (state: HospitalState) => {
  if (!state.registered) throw new DomainError('not_found', 'The organisation is not registered');
};

export function registerHospital(payload: unknown, state: HospitalState): HospitalEvent[] {
  if (state.registered) throw new DomainError('illegal_state', 'The organisation already exists');
  const { kind, name, timezone, first_location_id } = parseOrThrow(
    registerHospitalPayload,
    payload,
    'Organisation',
  );
  return [
    {
      type: 'HospitalRegistered',
      data: {
        kind,
        settings: {
          name,
          timezone,
          idle_lock_minutes: 15,
          offline_unlock_days: 7,
          default_slot_minutes: 15,
          opening_hours: [1, 2, 3, 4, 5].map((weekday) => ({
            weekday,
            opens: '09:00',
            closes: '17:00',
          })),
        },
      },
    },
    {
      type: 'LocationAdded',
      data: { location_id: first_location_id, name: 'Main', address: null },
    },
  ];
}

export function changeHospitalSettings(payload: unknown, state: HospitalState): HospitalEvent[] {
  requireRegistered(state);
  const { changes } = parseOrThrow(changeHospitalSettingsPayload, payload, 'Settings');
  return [{ type: 'HospitalSettingsChanged', data: { changes } }];
}

export function addLocation(payload: unknown, state: HospitalState): HospitalEvent[] {
  requireRegistered(state);
  const location = parseOrThrow(addLocationPayload, payload, 'Location');
  if (state.locations.some((known) => known.location_id === location.location_id)) {
    throw new DomainError('illegal_state', 'That location already exists');
  }
  if (state.locations.some((known) => known.name.toLowerCase() === location.name.toLowerCase())) {
    throw new DomainError('validation', `A location called ${location.name} already exists`, {
      issues: [{ path: 'name', message: 'Already in use' }],
    });
  }
  return [{ type: 'LocationAdded', data: location }];
}

export const hospitalDecider: Decider<HospitalState, HospitalCommand, HospitalEvent> = {
  aggregateType: 'hospital',
  policy: 'strict',
  initialState: initialHospitalState,
  evolve: evolveHospital,
  decide(command: HospitalCommand, state: HospitalState, _context: CommandContext) {
    switch (command.type) {
      case 'RegisterHospital':
        return registerHospital(command.payload, state);
      case 'ChangeHospitalSettings':
        return changeHospitalSettings(command.payload, state);
      case 'AddLocation':
        return addLocation(command.payload, state);
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

export const hospitalCommandDefinitions: CommandDefinition[] = [
  {
    type: 'RegisterHospital',
    aggregateType: 'hospital',
    payload: registerHospitalPayload,
    creates: true,
  },
  {
    type: 'ChangeHospitalSettings',
    aggregateType: 'hospital',
    payload: changeHospitalSettingsPayload,
    creates: false,
  },
  { type: 'AddLocation', aggregateType: 'hospital', payload: addLocationPayload, creates: false },
];
