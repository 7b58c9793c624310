import { defineAggregate, type CommandsOf, type EventsOf } from '../../kernel/aggregate';
import { DomainError } from '../../kernel/errors';
import { missingWhatsAppTemplates } from './reminders';
import {
  addLocationPayload,
  changeHospitalSettingsPayload,
  registerHospitalPayload,
  requireRegistered,
} from './commands';
import {
  hospitalRegisteredSchema,
  hospitalSettingsChangedSchema,
  initialHospitalState,
  locationAddedSchema,
} from './events';
import { refusal } from '../../refusals';
import { issueAt } from '../../kernel/validate';

export const hospitalAggregate = defineAggregate('hospital', 'strict', initialHospitalState).with({
  events: {
    HospitalRegistered: {
      schema: hospitalRegisteredSchema,
      evolve: (state, { kind, settings }) => ({ ...state, registered: true, kind, settings }),
    },
    HospitalSettingsChanged: {
      schema: hospitalSettingsChangedSchema,
      evolve: (state, { changes }) => ({ ...state, settings: { ...state.settings!, ...changes } }),
    },
    LocationAdded: {
      schema: locationAddedSchema,
      evolve: (state, location) => ({ ...state, locations: [...state.locations, location] }),
    },
  },
  commands: {
    // Only the server issues it, at sign-up.
    RegisterHospital: {
      payload: registerHospitalPayload,
      label: 'Organisation',
      creates: true,
      issuedBy: [],
      requires(state) {
        if (state.registered)
          throw new DomainError('illegal_state', refusal('organisation.alreadyExists'));
      },
      decide: ({ kind, name, timezone, country, first_location_id }) => [
        {
          type: 'HospitalRegistered',
          data: {
            kind,
            settings: {
              name,
              timezone,
              ...(country ? { country } : {}),
              idle_lock_minutes: 15,
              offline_unlock_days: 7,
              default_slot_minutes: 15,
              opening_hours: [1, 2, 3, 4, 5].map((weekday) => ({
                weekday,
                opens: '09:00',
                closes: '17:00',
              })),
              setup: { finished: [], skipped: [] },
            },
          },
        },
        {
          type: 'LocationAdded',
          data: { location_id: first_location_id, name: 'Main', address: null },
        },
      ],
    },
    ChangeHospitalSettings: {
      payload: changeHospitalSettingsPayload,
      label: 'Settings',
      issuedBy: ['admin'],
      requires: requireRegistered,
      decide({ changes }) {
        const missing = changes.reminders ? missingWhatsAppTemplates(changes.reminders) : [];
        if (missing.length > 0)
          throw new DomainError('validation', refusal('reminder.whatsAppTemplate'), {
            issues: missing.map((issue) => ({ ...issue, path: `changes.reminders.${issue.path}` })),
          });
        return [{ type: 'HospitalSettingsChanged', data: { changes } }];
      },
    },
    AddLocation: {
      payload: addLocationPayload,
      label: 'Location',
      issuedBy: ['admin'],
      requires: requireRegistered,
      decide(location, state) {
        if (state.locations.some((known) => known.location_id === location.location_id)) {
          throw new DomainError('illegal_state', refusal('organisation.locationExists'));
        }
        if (
          state.locations.some((known) => known.name.toLowerCase() === location.name.toLowerCase())
        ) {
          throw new DomainError(
            'validation',
            refusal('organisation.locationNameTaken', { name: location.name }),
            { issues: [issueAt('name', refusal('field.alreadyInUse'))] },
          );
        }
        return [{ type: 'LocationAdded', data: location }];
      },
    },
  },
});

export type HospitalEvent = EventsOf<typeof hospitalAggregate>;
export type HospitalCommand = CommandsOf<typeof hospitalAggregate>;
