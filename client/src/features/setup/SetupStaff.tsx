import { roleList, roles as allRoles, type Role } from '@mymedic/shared';
import { useState } from 'react';
import { useClinic } from '../../app/clinic';
import { ApiError } from '../../engine/api';
import type { OrganisationRow } from '../../engine/db';
import { buttonClass, Feedback, formText, TextAreaField, TextField } from '../../ui/Field';
import { Form } from '../../ui/Form';
import { RoleChoices } from '../settings/Staff';
import { TemporaryPassword } from '../settings/TemporaryPassword';

interface Invited {
  line: string;
  name: string;
  temporary?: string;
  problem?: string;
}

const offlineWords =
  'Adding staff needs the connection: passwords are set on the server, never on a device.';

const problemOf = (failure: unknown) =>
  failure instanceof ApiError
    ? failure.status === 0
      ? offlineWords
      : failure.message
    : 'Something went wrong';

/**
 * One line of a hospital's list: "Full name, email, role" (several roles joined by
 * "and" or "+"), or what is wrong with it.
 */
export function parseInvitation(
  line: string,
): { full_name: string; email: string; roles: Role[] } | string {
  const [name = '', email = '', roleText = ''] = line.split(',').map((part) => part.trim());
  if (!name || !email || !roleText) return 'Write: full name, email, role';
  const roles = roleList.safeParse(
    roleText
      .toLowerCase()
      .split(/\s*(?:\+|\band\b|;)\s*/)
      .filter(Boolean),
  );
  if (!roles.success) return `Roles are ${allRoles.join(', ')}`;
  return { full_name: name, email, roles: roles.data };
}

/**
 * The setup's staff step. A clinic adds people one by one; a hospital pastes its list,
 * one person a line. Each gets a temporary password, shown once, which they replace at
 * their first sign-in. Online only, as adding staff on the organisation screen.
 */
export function SetupStaff({ kind }: { kind: OrganisationRow['kind'] }) {
  const { api, syncNow } = useClinic();
  const [invited, setInvited] = useState<Invited[]>([]);
  const [error, setError] = useState<string | undefined>();

  async function invite(
    line: string,
    person: { full_name: string; email: string; roles: string[] },
  ) {
    try {
      const added = await api.addStaff(person);
      return {
        line,
        name: person.full_name,
        ...(added.temporary_password ? { temporary: added.temporary_password } : {}),
      };
    } catch (failure) {
      return { line, name: person.full_name, problem: problemOf(failure) };
    }
  }

  async function addOne(data: FormData, form: HTMLFormElement) {
    setError(undefined);
    const person = {
      full_name: formText(data, 'staff-name'),
      email: formText(data, 'staff-email'),
      roles: data.getAll('staff-roles').map(String),
    };
    const outcome = await invite(person.email, person);
    if (outcome.problem) {
      setError(outcome.problem);
      return;
    }
    setInvited((earlier) => [...earlier, outcome]);
    form.reset();
    syncNow();
  }

  async function addList(data: FormData) {
    setError(undefined);
    const lines = formText(data, 'staff-list')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (lines.length === 0) {
      setError('Write one person a line: full name, email, role');
      return;
    }
    const outcomes: Invited[] = [];
    for (const line of lines) {
      const parsed = parseInvitation(line);
      outcomes.push(
        typeof parsed === 'string'
          ? { line, name: line, problem: parsed }
          : await invite(line, parsed),
      );
    }
    setInvited((earlier) => [...earlier, ...outcomes]);
    syncNow();
  }

  return (
    <div className="space-y-3">
      {kind === 'hospital' ? (
        <Form onSubmit={addList} label="Invite staff" className="grid gap-3">
          <TextAreaField
            label="Staff to invite, one a line"
            name="staff-list"
            rows={6}
            hint="Full name, email, role: for example “Grace Otieno, grace@example.org, nurse”. Roles: admin, doctor, nurse, receptionist (join several with “and”)."
          />
          <div>
            <button type="submit" className={buttonClass}>
              Invite them
            </button>
          </div>
        </Form>
      ) : (
        <Form onSubmit={addOne} label="Add a member of staff" className="grid gap-3 sm:grid-cols-2">
          <TextField label="Full name" name="staff-name" />
          <TextField label="Email" name="staff-email" type="email" autoComplete="off" />
          <div className="sm:col-span-2">
            <RoleChoices legend="Roles" name="staff-roles" held={['nurse']} />
          </div>
          <div className="sm:col-span-2">
            <button type="submit" className={buttonClass}>
              Add member of staff
            </button>
          </div>
        </Form>
      )}
      <Feedback message={null} error={error} />
      {invited.length > 0 && (
        <ul className="space-y-2" aria-label="Added">
          {invited.map((person, index) => (
            <li key={`${person.line}-${index}`}>
              {person.problem ? (
                <p role="alert" className="rounded-lg bg-red-50 p-2 text-red-900">
                  {person.line}: {person.problem}
                </p>
              ) : person.temporary ? (
                <TemporaryPassword name={person.name} password={person.temporary} />
              ) : (
                <p>{person.name} added</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
