import {
  mayIssue,
  passwordRuleProblem,
  passwordRuleText,
  roles,
  uuidv7,
  type Role,
} from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { format } from 'date-fns';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { useOrganisation } from '../../app/reference';
import { ApiError, type KnownDevice } from '../../engine/api';
import type { OrganisationRow, StaffRow } from '../../engine/db';
import { buttonClass, Feedback, formText, secondaryButtonClass, TextField } from '../../ui/Field';

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const roleWords: Record<Role, string> = {
  admin: 'Admin',
  doctor: 'Doctor',
  nurse: 'Nurse',
  receptionist: 'Receptionist',
};

/**
 * A person's roles as checkboxes: one may hold several (an admin who also sees patients
 * is admin and doctor).
 */
function RoleChoices({
  legend,
  name,
  held,
  onToggle,
}: {
  legend: string;
  name: string;
  held?: readonly Role[];
  onToggle?: (role: Role, on: boolean) => void;
}) {
  return (
    <fieldset>
      <legend className="block text-sm font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-x-4">
        {roles.map((role) => (
          <label key={role} className="flex min-h-11 items-center gap-2">
            <input
              type="checkbox"
              name={name}
              value={role}
              className="h-5 w-5"
              {...(onToggle
                ? {
                    checked: held?.includes(role) ?? false,
                    onChange: (event) => onToggle(role, event.target.checked),
                  }
                : { defaultChecked: held?.includes(role) ?? false })}
            />
            {roleWords[role]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function OrganisationSettings({ organisation }: { organisation: OrganisationRow }) {
  const { run, errors, message } = useCommands();
  const { settings } = organisation;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const opening_hours = weekdays.flatMap((_, weekday) =>
      form.get(`open-${weekday}`) === 'on'
        ? [
            {
              weekday,
              opens: formText(form, `opens-${weekday}`),
              closes: formText(form, `closes-${weekday}`),
            },
          ]
        : [],
    );
    await run(
      {
        type: 'ChangeHospitalSettings',
        aggregate_type: 'hospital',
        aggregate_id: organisation.hospital_id,
        payload: {
          changes: {
            name: formText(form, 'org-name'),
            timezone: formText(form, 'timezone'),
            idle_lock_minutes: Number(formText(form, 'idle_lock_minutes')),
            offline_unlock_days: Number(formText(form, 'offline_unlock_days')),
            default_slot_minutes: Number(formText(form, 'default_slot_minutes')),
            opening_hours,
          },
        },
      },
      'Settings saved',
    );
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label="Organisation settings"
      className="grid gap-4 rounded-xl bg-white p-6 shadow sm:grid-cols-2"
    >
      <h2 className="text-lg font-semibold sm:col-span-2">Organisation</h2>
      <TextField label="Name" name="org-name" defaultValue={settings.name} error={errors.name} />
      <TextField
        label="Time zone"
        name="timezone"
        defaultValue={settings.timezone}
        error={errors.timezone}
        hint="For example Africa/Nairobi"
      />
      <TextField
        label="Lock tablets after (minutes idle)"
        name="idle_lock_minutes"
        type="number"
        defaultValue={settings.idle_lock_minutes}
        error={errors.idle_lock_minutes}
      />
      <TextField
        label="PIN unlock without the server (days)"
        name="offline_unlock_days"
        type="number"
        defaultValue={settings.offline_unlock_days ?? 7}
        error={errors.offline_unlock_days}
        hint="How long a PIN opens a tablet that cannot reach the server"
      />
      <TextField
        label="Default appointment length (minutes)"
        name="default_slot_minutes"
        type="number"
        defaultValue={settings.default_slot_minutes}
        error={errors.default_slot_minutes}
      />
      <fieldset className="sm:col-span-2">
        <legend className="mb-2 font-medium">Opening hours</legend>
        <div className="space-y-2">
          {weekdays.map((day, weekday) => {
            const hours = settings.opening_hours.find((slot) => slot.weekday === weekday);
            return (
              <div key={day} className="flex flex-wrap items-end gap-3">
                <label className="flex min-h-11 w-36 items-center gap-2">
                  <input
                    type="checkbox"
                    name={`open-${weekday}`}
                    defaultChecked={Boolean(hours)}
                    className="h-5 w-5"
                  />
                  {day}
                </label>
                <TextField
                  label={`${day} opens`}
                  name={`opens-${weekday}`}
                  type="time"
                  defaultValue={hours?.opens ?? '09:00'}
                />
                <TextField
                  label={`${day} closes`}
                  name={`closes-${weekday}`}
                  type="time"
                  defaultValue={hours?.closes ?? '17:00'}
                />
              </div>
            );
          })}
        </div>
      </fieldset>
      <div className="sm:col-span-2">
        <Feedback message={message} error={errors.form} />
      </div>
      <div>
        <button type="submit" className={buttonClass}>
          Save settings
        </button>
      </div>
    </form>
  );
}

function Locations({ organisation }: { organisation: OrganisationRow }) {
  const { run, errors, message } = useCommands();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const address = formText(data, 'location-address').trim();
    if (
      await run(
        {
          type: 'AddLocation',
          aggregate_type: 'hospital',
          aggregate_id: organisation.hospital_id,
          payload: {
            location_id: uuidv7(),
            name: formText(data, 'location-name'),
            address: address || null,
          },
        },
        'Location added',
      )
    )
      form.reset();
  }
  return (
    <section aria-labelledby="locations-title" className="space-y-3 rounded-xl bg-white p-6 shadow">
      <h2 id="locations-title" className="text-lg font-semibold">
        Locations
      </h2>
      <ul className="list-disc pl-6">
        {organisation.locations.map((location) => (
          <li key={location.location_id}>
            {location.name}
            {location.address ? `, ${location.address}` : ''}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => void submit(event)}
        noValidate
        aria-label="Add a location"
        className="grid gap-3 sm:grid-cols-3"
      >
        <TextField label="Location name" name="location-name" error={errors.name} />
        <TextField label="Address" name="location-address" error={errors.address} />
        <div className="self-end">
          <button type="submit" className={buttonClass}>
            Add location
          </button>
        </div>
      </form>
      <Feedback message={message} error={errors.form} />
    </section>
  );
}

function StaffMember({ member }: { member: StaffRow }) {
  const { actor } = useClinic();
  const { run, errors, message } = useCommands();
  const [deactivating, setDeactivating] = useState(false);
  const target = { aggregate_type: 'user' as const, aggregate_id: member.user_id };
  const suffix = member.user_id.slice(-8);
  return (
    <li className="space-y-2 rounded-lg border border-slate-300 p-3">
      <p>
        <strong>{member.full_name}</strong> · {member.email} ·{' '}
        {member.roles.map((role) => roleWords[role]).join(', ')}
        {member.active === 0 && ' · deactivated'}
      </p>
      {member.active === 1 && member.user_id !== actor.userId && (
        <div className="flex flex-wrap items-end gap-2">
          <RoleChoices
            legend={`Roles of ${member.full_name}`}
            name={`roles-${suffix}`}
            held={member.roles}
            onToggle={(role, on) =>
              void run(
                {
                  type: 'ChangeUserRoles',
                  ...target,
                  payload: {
                    roles: on
                      ? [...member.roles, role]
                      : member.roles.filter((other) => other !== role),
                  },
                },
                'Roles changed',
              )
            }
          />
          {errors.roles && (
            <p role="alert" className="text-sm text-red-800">
              {errors.roles}
            </p>
          )}
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => setDeactivating(true)}
          >
            Deactivate
          </button>
        </div>
      )}
      {deactivating && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const reason = formText(new FormData(event.currentTarget), 'reason');
            void run(
              { type: 'DeactivateUser', ...target, payload: { reason } },
              'Deactivated',
            ).then((done) => done && setDeactivating(false));
          }}
          noValidate
          aria-label={`Deactivate ${member.full_name}`}
          className="flex flex-wrap items-end gap-2"
        >
          <TextField
            label="Reason"
            name="reason"
            id={`deactivate-${suffix}`}
            error={errors.reason}
          />
          <button type="submit" className={buttonClass}>
            Deactivate {member.full_name}
          </button>
        </form>
      )}
      <Feedback message={message} error={errors.form} />
    </li>
  );
}

function Staff() {
  const { db, api, syncNow } = useClinic();
  const staff =
    useLiveQuery(
      async () =>
        (await db.staff.toArray()).sort((left, right) =>
          left.full_name.localeCompare(right.full_name),
        ),
      [db],
    ) ?? [];
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const password = formText(data, 'staff-password');
    // What needs no dictionary is said at once; the server checks the rest.
    const problem = password ? passwordRuleProblem(password, formText(data, 'staff-email')) : null;
    if (problem) {
      setMessage(null);
      setError(problem);
      return;
    }
    try {
      await api.addStaff({
        email: formText(data, 'staff-email'),
        full_name: formText(data, 'staff-name'),
        roles: data.getAll('staff-roles').map(String),
        password,
      });
      form.reset();
      setError(null);
      setMessage('Account created; it reaches every device with the next sync');
      syncNow();
    } catch (failure) {
      setMessage(null);
      setError(
        failure instanceof ApiError
          ? failure.status === 0
            ? 'Adding staff needs the connection: the password is set on the server, never on a device.'
            : failure.message
          : 'Something went wrong',
      );
    }
  }

  return (
    <section aria-labelledby="staff-title" className="space-y-3 rounded-xl bg-white p-6 shadow">
      <h2 id="staff-title" className="text-lg font-semibold">
        Staff
      </h2>
      <ul className="space-y-2">
        {staff.map((member) => (
          <StaffMember key={member.user_id} member={member} />
        ))}
      </ul>
      <form
        onSubmit={(event) => void add(event)}
        noValidate
        aria-label="Add a member of staff"
        className="grid gap-3 sm:grid-cols-2"
      >
        <TextField label="Full name" name="staff-name" />
        <TextField label="Email" name="staff-email" type="email" autoComplete="off" />
        <RoleChoices legend="Roles" name="staff-roles" held={['nurse']} />
        <TextField
          label="First password"
          name="staff-password"
          type="password"
          autoComplete="new-password"
          hint={passwordRuleText}
        />
        <div className="sm:col-span-2">
          <Feedback message={message} error={error ?? undefined} />
        </div>
        <div>
          <button type="submit" className={buttonClass}>
            Add member of staff
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * The devices people signed in on, and the answer to a lost tablet: "Report lost" ends
 * its sessions on the server at once; the tablet wipes what the server holds the next
 * time it reaches it. Online only: the server knows the devices, not this tablet.
 */
function Devices() {
  const { api } = useClinic();
  const [list, setList] = useState<{ devices: KnownDevice[]; this_device: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => {
    api.devices().then(
      (answer) => {
        setList(answer);
        setProblem(null);
      },
      (failure: unknown) =>
        setProblem(
          failure instanceof ApiError && failure.status === 0
            ? 'The list of devices needs the server, which cannot be reached now.'
            : failure instanceof Error
              ? failure.message
              : 'The devices could not be read',
        ),
    );
  }, [api]);
  useEffect(load, [load]);

  async function revoke(deviceId: string) {
    try {
      const { sessions_ended } = await api.revokeDevice(deviceId);
      setMessage(
        `Reported lost: ${sessions_ended} session${sessions_ended === 1 ? '' : 's'} ended. The tablet wipes the records it holds the next time it reaches the server.`,
      );
      setConfirming(null);
      load();
    } catch (failure) {
      setProblem(failure instanceof Error ? failure.message : 'The device could not be revoked');
    }
  }

  return (
    <section aria-labelledby="devices-title" className="rounded-xl bg-white p-6 shadow">
      <h2 id="devices-title" className="text-lg font-semibold">
        Devices
      </h2>
      <p className="text-sm text-slate-700">
        Tablets and computers people signed in on. Report a lost or stolen one to end its sessions
        at once.
      </p>
      <Feedback message={message} error={problem ?? undefined} />
      <ul className="mt-3 divide-y divide-slate-200">
        {list?.devices.map((device) => (
          <li key={device.device_id} className="flex flex-wrap items-center gap-3 py-3">
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {device.people.map((person) => person.full_name).join(', ')}
                {device.device_id === list.this_device && ' · this device'}
              </p>
              <p className="truncate text-sm text-slate-700">
                Last sign-in {format(new Date(device.last_signed_in_at), 'd MMM yyyy HH:mm')} ·{' '}
                {device.revoked_at
                  ? `reported lost ${format(new Date(device.revoked_at), 'd MMM yyyy')}`
                  : `${device.live_sessions} open session${device.live_sessions === 1 ? '' : 's'}`}{' '}
                · <span className="font-mono">{device.device_id}</span>
              </p>
            </div>
            {!device.revoked_at &&
              device.device_id !== list.this_device &&
              (confirming === device.device_id ? (
                <span className="flex gap-2">
                  <button
                    type="button"
                    className={secondaryButtonClass}
                    onClick={() => void revoke(device.device_id)}
                  >
                    Yes, it is lost: end its sessions
                  </button>
                  <button
                    type="button"
                    className="min-h-11 px-2 underline"
                    onClick={() => setConfirming(null)}
                  >
                    Cancel
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  className={secondaryButtonClass}
                  onClick={() => setConfirming(device.device_id)}
                >
                  Report lost
                </button>
              ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The admin's screen: the organisation's settings, its locations and its staff. */
export default function Settings() {
  const { actor } = useClinic();
  const organisation = useOrganisation();
  if (!mayIssue(actor.roles, 'ChangeHospitalSettings'))
    return <p role="alert">Only an admin manages the organisation.</p>;
  if (!organisation) return <p>Loading…</p>;
  return (
    <section aria-labelledby="settings-title" className="space-y-4">
      <h1 id="settings-title" className="text-2xl font-semibold">
        Organisation
      </h1>
      <OrganisationSettings organisation={organisation} />
      <Locations organisation={organisation} />
      <Staff />
      <Devices />
    </section>
  );
}
