import { passwordRuleRefusal, roles, type Role } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { ApiError } from '../../engine/api';
import type { StaffRow } from '../../engine/db';
import { buttonClass, Feedback, formText, secondaryButtonClass, TextField } from '../../ui/Field';
import { Form, FormFooter, ReasonForm } from '../../ui/Form';
import { Panel } from '../../ui/Panel';
import { TemporaryPassword } from './TemporaryPassword';
import { passwordRuleHint } from '../auth/NewPasswordFields';
import { sayFailure, sayRefusal } from '../../i18n/refusals';

/**
 * A role as a label or a list item shows it, capitalised ("Nurse"): the role words in
 * `common` are written for running text.
 */
function useRoleWord() {
  const { t, i18n } = useTranslation();
  return (role: Role) => {
    const word = t(`roles.${role}`);
    return word.charAt(0).toLocaleUpperCase(i18n.language) + word.slice(1);
  };
}

/**
 * A person's roles as checkboxes: one may hold several (an admin who also sees patients
 * is admin and doctor).
 */
export function RoleChoices({
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
  const roleWord = useRoleWord();
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
            {roleWord(role)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** An admin resets a colleague's password: asked once more, then the temporary one, once. */
function PasswordReset({ member }: { member: StaffRow }) {
  const { api } = useClinic();
  const { t } = useTranslation('settings');
  const [asking, setAsking] = useState(false);
  const [temporary, setTemporary] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  async function reset() {
    setError(undefined);
    try {
      setTemporary((await api.resetPassword(member.user_id)).temporary_password);
      setAsking(false);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 0
          ? t('reset.needsServer')
          : failure instanceof Error
            ? sayFailure(failure)
            : t('failed'),
      );
    }
  }
  if (temporary) return <TemporaryPassword name={member.full_name} password={temporary} />;
  if (!asking) {
    return (
      <button type="button" className={secondaryButtonClass} onClick={() => setAsking(true)}>
        {t('reset.button')}
      </button>
    );
  }
  return (
    <div className="w-full space-y-2 rounded-lg bg-slate-50 p-3">
      <p>{t('reset.ask', { name: member.full_name })}</p>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={buttonClass} onClick={() => void reset()}>
          {t('reset.confirm', { name: member.full_name })}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => setAsking(false)}>
          {t('common:keepIt')}
        </button>
      </div>
      <Feedback message={null} error={error} />
    </div>
  );
}

function StaffMember({ member }: { member: StaffRow }) {
  const { actor } = useClinic();
  const { run, errors, message } = useCommands();
  const { t } = useTranslation('settings');
  const roleWord = useRoleWord();
  const [deactivating, setDeactivating] = useState(false);
  const target = { aggregate_type: 'user' as const, aggregate_id: member.user_id };
  const suffix = member.user_id.slice(-8);
  return (
    <li className="space-y-2 rounded-lg border border-slate-300 p-3">
      <p>
        <strong>{member.full_name}</strong> · {member.email} ·{' '}
        {member.roles.map(roleWord).join(', ')}
        {member.active === 0 && ` · ${t('staff.deactivated')}`}
      </p>
      {member.active === 1 && member.user_id !== actor.userId && (
        <div className="flex flex-wrap items-end gap-2">
          <RoleChoices
            legend={t('staff.rolesOf', { name: member.full_name })}
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
                t('staff.rolesChanged'),
              )
            }
          />
          {errors.roles && (
            <p role="alert" className="text-sm text-red-800">
              {errors.roles}
            </p>
          )}
          <PasswordReset member={member} />
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => setDeactivating(true)}
          >
            {t('staff.deactivate')}
          </button>
        </div>
      )}
      {deactivating && (
        <ReasonForm
          label={t('staff.deactivateName', { name: member.full_name })}
          fieldLabel={t('staff.reason')}
          id={`deactivate-${suffix}`}
          error={errors.reason}
          submit={t('staff.deactivateName', { name: member.full_name })}
          onReason={async (reason) => {
            if (
              await run(
                { type: 'DeactivateUser', ...target, payload: { reason } },
                t('staff.deactivatedDone'),
              )
            )
              setDeactivating(false);
          }}
        />
      )}
      <Feedback message={message} error={errors.form} />
    </li>
  );
}

/** Who works here, with their roles; adding someone sets their first password on the server. */
export function Staff() {
  const { db, api, syncNow } = useClinic();
  const { t } = useTranslation('settings');
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
  const [temporary, setTemporary] = useState<{ name: string; password: string } | null>(null);

  async function add(data: FormData, form: HTMLFormElement) {
    setTemporary(null);
    const password = formText(data, 'staff-password');
    // What needs no dictionary is said at once; the server checks the rest.
    const problem = password ? passwordRuleRefusal(password, formText(data, 'staff-email')) : null;
    if (problem) {
      setMessage(null);
      setError(sayRefusal(problem));
      return;
    }
    try {
      const fullName = formText(data, 'staff-name');
      const added = await api.addStaff({
        email: formText(data, 'staff-email'),
        full_name: fullName,
        roles: data.getAll('staff-roles').map(String),
        ...(password ? { password } : {}),
      });
      if (added.temporary_password)
        setTemporary({ name: fullName, password: added.temporary_password });
      form.reset();
      setError(null);
      setMessage(t('staff.added'));
      syncNow();
    } catch (failure) {
      setMessage(null);
      setError(
        failure instanceof ApiError
          ? failure.status === 0
            ? t('staff.needsServer')
            : sayFailure(failure)
          : t('failed'),
      );
    }
  }

  return (
    <Panel id="staff-title" title={t('staff.title')}>
      <ul className="space-y-2">
        {staff.map((member) => (
          <StaffMember key={member.user_id} member={member} />
        ))}
      </ul>
      <Form onSubmit={add} label={t('staff.form')} className="grid gap-3 sm:grid-cols-2">
        <TextField label={t('staff.fullName')} name="staff-name" />
        <TextField label={t('staff.email')} name="staff-email" type="email" autoComplete="off" />
        <RoleChoices legend={t('staff.roles')} name="staff-roles" held={['nurse']} />
        <TextField
          label={t('staff.firstPassword')}
          name="staff-password"
          type="password"
          autoComplete="new-password"
          hint={t('staff.firstPasswordHint', { rule: passwordRuleHint() })}
        />
        {temporary && (
          <div className="sm:col-span-2">
            <TemporaryPassword {...temporary} />
          </div>
        )}
        <FormFooter submit={t('staff.add')} message={message} error={error ?? undefined} />
      </Form>
    </Panel>
  );
}
