import { describe, expect, it } from 'vitest';
import { adminAsha, given, nurseAmara } from '../../../test/given';
import type { HospitalEvent } from './aggregate';
import { clinicCountry, type HospitalSettings } from './events';

const mainLocation = '0190a0b0-0000-7000-8000-0000000000c1';
const hillside: HospitalEvent[] = [
  {
    type: 'HospitalRegistered',
    data: {
      kind: 'clinic',
      settings: {
        name: 'Hillside Clinic',
        timezone: 'Africa/Nairobi',
        idle_lock_minutes: 15,
        default_slot_minutes: 15,
        opening_hours: [],
      },
    },
  },
  { type: 'LocationAdded', data: { location_id: mainLocation, name: 'Main', address: null } },
];

describe('hospital', () => {
  it('registers an organisation with its first location and sensible defaults', () => {
    given('hospital')
      .when(
        'RegisterHospital',
        { kind: 'clinic', name: ' Hillside Clinic ', first_location_id: mainLocation },
        { actor: { user_id: adminAsha.user_id, roles: ['system'] } },
      )
      .then([
        {
          type: 'HospitalRegistered',
          data: {
            kind: 'clinic',
            settings: {
              name: 'Hillside Clinic',
              timezone: 'UTC',
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
        { type: 'LocationAdded', data: { location_id: mainLocation, name: 'Main', address: null } },
      ]);
  });

  it('refuses to register twice, and only the server registers', () => {
    given('hospital', hillside)
      .when(
        'RegisterHospital',
        { kind: 'clinic', name: 'Again', first_location_id: mainLocation },
        {
          actor: { user_id: adminAsha.user_id, roles: ['system'] },
        },
      )
      .thenThrows('illegal_state');
    given('hospital')
      .when(
        'RegisterHospital',
        { kind: 'clinic', name: 'Mine', first_location_id: mainLocation },
        {
          actor: adminAsha,
        },
      )
      .thenThrows('forbidden');
  });

  it('refuses an unknown organisation kind', () => {
    given('hospital')
      .when(
        'RegisterHospital',
        { kind: 'spa', name: 'X', first_location_id: mainLocation },
        {
          actor: { user_id: adminAsha.user_id, roles: ['system'] },
        },
      )
      .thenThrows('validation', /independent doctor, clinic or hospital/);
  });

  it('lets an admin change settings, and nobody else', () => {
    given('hospital', hillside)
      .when('ChangeHospitalSettings', { changes: { idle_lock_minutes: 5 } }, { actor: adminAsha })
      .then([{ type: 'HospitalSettingsChanged', data: { changes: { idle_lock_minutes: 5 } } }]);
    given('hospital', hillside)
      .when('ChangeHospitalSettings', { changes: { idle_lock_minutes: 5 } }, { actor: nurseAmara })
      .thenThrows('forbidden');
    given('hospital', hillside)
      .when('ChangeHospitalSettings', { changes: {} }, { actor: adminAsha })
      .thenThrows('validation', /Nothing to change/);
    given('hospital')
      .when('ChangeHospitalSettings', { changes: { idle_lock_minutes: 5 } }, { actor: adminAsha })
      .thenThrows('not_found');
  });

  it('adds locations with distinct names', () => {
    const outreach = '0190a0b0-0000-7000-8000-0000000000c2';
    given('hospital', hillside)
      .when(
        'AddLocation',
        { location_id: outreach, name: 'Outreach post', address: 'Market road' },
        {
          actor: adminAsha,
        },
      )
      .then([
        {
          type: 'LocationAdded',
          data: { location_id: outreach, name: 'Outreach post', address: 'Market road' },
        },
      ]);
    given('hospital', hillside)
      .when(
        'AddLocation',
        { location_id: outreach, name: 'main', address: null },
        { actor: adminAsha },
      )
      .thenThrows('validation', /already exists/);
    given('hospital', hillside)
      .when(
        'AddLocation',
        { location_id: mainLocation, name: 'Other', address: null },
        { actor: adminAsha },
      )
      .thenThrows('illegal_state');
  });
});

describe('time zones', () => {
  it('are names the time zone database knows, when a command sets them', () => {
    given('hospital', hillside)
      .when(
        'ChangeHospitalSettings',
        { changes: { timezone: 'Mars/Olympus_Mons' } },
        { actor: adminAsha },
      )
      .thenThrows('validation', /time zone such as Africa\/Nairobi/);
    given('hospital', hillside)
      .when(
        'ChangeHospitalSettings',
        { changes: { timezone: 'Europe/Paris' } },
        { actor: adminAsha },
      )
      .then([{ type: 'HospitalSettingsChanged', data: { changes: { timezone: 'Europe/Paris' } } }]);
  });
});

describe("the clinic's country", () => {
  it('is one whose phone numbers are known, when a command sets it', () => {
    given('hospital', hillside)
      .when('ChangeHospitalSettings', { changes: { country: 'QQ' } }, { actor: adminAsha })
      .thenThrows('validation', /Choose a country from the list/);
    given('hospital', hillside)
      .when('ChangeHospitalSettings', { changes: { country: 'ke' } }, { actor: adminAsha })
      .thenThrows('validation', /two capital letters/);
    given('hospital', hillside)
      .when('ChangeHospitalSettings', { changes: { country: 'KE' } }, { actor: adminAsha })
      .then([{ type: 'HospitalSettingsChanged', data: { changes: { country: 'KE' } } }]);
  });

  it("is the one set, else the reminders' calling code's, else none", () => {
    const settings = (hillside[0]!.data as { settings: HospitalSettings }).settings;
    const reminders = {
      channels: [],
      offsets_minutes: [60],
      quiet_hours: null,
      templates: [],
      fallback_language: 'en',
    };
    expect(clinicCountry(settings)).toBeNull();
    expect(
      clinicCountry({ ...settings, reminders: { ...reminders, country_calling_code: '255' } }),
    ).toBe('TZ');
    expect(
      clinicCountry({
        ...settings,
        country: 'KE',
        reminders: { ...reminders, country_calling_code: '255' },
      }),
    ).toBe('KE');
  });
});
