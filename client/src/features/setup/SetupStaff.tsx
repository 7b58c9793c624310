import { roles as allRoles } from '@mymedic/shared';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinic } from '../../app/clinic';
import { ApiError } from '../../engine/api';
import type { OrganisationRow } from '../../engine/db';
import { buttonClass, Feedback, formText, TextAreaField, TextField } from '../../ui/Field';
import { isLanguage } from '../../i18n/i18n';
import { Form } from '../../ui/Form';
import { RoleChoices } from '../settings/Staff';
import { TemporaryPassword } from '../settings/TemporaryPassword';
import { parseInvitation } from './invitations';
import { sayFailure } from '../../i18n/refusals';

interface Invited {
  line: string;
  name: string;
  temporary?: string;
  problem?: string;
}

const problemOf = (failure: unknown, t: TFunction) =>
  failure instanceof ApiError
    ? failure.status === 0
      ? t('setup:staff.needsServer')
      : sayFailure(failure)
    : t('setup:staff.failed');

/**
 * The setup's staff step. A clinic adds people one by one; a hospital pastes its list,
 * one person a line. Each gets a temporary password, shown once, which they replace at
 * their first sign-in. Online only, as adding staff on the organisation screen.
 */
export function SetupStaff({ kind }: { kind: OrganisationRow['kind'] }) {
  const { api, syncNow } = useClinic();
  const { t, i18n } = useTranslation('setup');
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
      return { line, name: person.full_name, problem: problemOf(failure, t) };
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
      setError(t('staff.empty'));
      return;
    }
    const outcomes: Invited[] = [];
    for (const line of lines) {
      const parsed = parseInvitation(line, isLanguage(i18n.language) ? i18n.language : 'en');
      outcomes.push(
        typeof parsed === 'string'
          ? {
              line,
              name: line,
              problem: t(`staff.problems.${parsed}`, {
                roles: allRoles.map((role) => t(`common:roles.${role}`)).join(', '),
              }),
            }
          : await invite(line, parsed),
      );
    }
    setInvited((earlier) => [...earlier, ...outcomes]);
    syncNow();
  }

  return (
    <div className="space-y-3">
      {kind === 'hospital' ? (
        <Form onSubmit={addList} label={t('staff.invite')} className="grid gap-3">
          <TextAreaField
            label={t('staff.list')}
            name="staff-list"
            rows={6}
            hint={t('staff.listHint')}
          />
          <div>
            <button type="submit" className={buttonClass}>
              {t('staff.inviteThem')}
            </button>
          </div>
        </Form>
      ) : (
        <Form onSubmit={addOne} label={t('staff.form')} className="grid gap-3 sm:grid-cols-2">
          <TextField label={t('staff.fullName')} name="staff-name" />
          <TextField label={t('staff.email')} name="staff-email" type="email" autoComplete="off" />
          <div className="sm:col-span-2">
            <RoleChoices legend={t('staff.roles')} name="staff-roles" held={['nurse']} />
          </div>
          <div className="sm:col-span-2">
            <button type="submit" className={buttonClass}>
              {t('staff.add')}
            </button>
          </div>
        </Form>
      )}
      <Feedback message={null} error={error} />
      {invited.length > 0 && (
        <ul className="space-y-2" aria-label={t('staff.added')}>
          {invited.map((person, index) => (
            <li key={`${person.line}-${index}`}>
              {person.problem ? (
                <p role="alert" className="rounded-lg bg-red-50 p-2 text-red-900">
                  {t('staff.lineProblem', { line: person.line, problem: person.problem })}
                </p>
              ) : person.temporary ? (
                <TemporaryPassword name={person.name} password={person.temporary} />
              ) : (
                <p>{t('staff.personAdded', { name: person.name })}</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
