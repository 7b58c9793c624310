import { passwordRuleProblem, passwordRuleText, rolesOf } from '@mymedic/shared';
import { useState } from 'react';
import { useClinic } from '../../app/clinic';
import { ApiError } from '../../engine/api';
import { rewrapWithPassword } from '../../engine/lock';
import { fieldErrors, formText, TextField } from '../../ui/Field';
import { Form, FormFooter } from '../../ui/Form';
import { Panel } from '../../ui/Panel';

const sessionsWord = (count: number) =>
  count === 0
    ? 'You were signed in nowhere else.'
    : `You are signed out on ${count === 1 ? 'one other device' : `${count} other devices`}.`;

/** The signed-in person's own account: who they are, and changing their password. */
export default function Account() {
  const { api, session } = useClinic();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function change(data: FormData, form: HTMLFormElement) {
    const current = formText(data, 'current-password');
    const next = formText(data, 'new-password');
    const problems: Record<string, string> = {};
    if (!current) problems.current_password = 'Type your current password';
    const rule = passwordRuleProblem(next, session.user.email);
    if (rule) problems.new_password = rule;
    else if (next !== formText(data, 'repeat-password'))
      problems.repeat_password = 'The two new passwords differ';
    setMessage(null);
    setError(undefined);
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const { sessions_ended } = await api.changePassword(current, next);
      // This tablet's drafts and PIN open with the new password from now on.
      await rewrapWithPassword(session.user.user_id, next);
      form.reset();
      setMessage(`Password changed. ${sessionsWord(sessions_ended)}`);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 0) {
        setError('Changing the password needs the connection: it is checked on the server.');
      } else if (failure instanceof ApiError) {
        setErrors(fieldErrors(failure.body?.details));
        setError(failure.message);
      } else setError('Something went wrong');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="account-title" className="mx-auto max-w-2xl space-y-4">
      <h1 id="account-title" className="text-2xl font-semibold">
        Your account
      </h1>
      <Panel id="account-who" title={session.user.full_name}>
        <p>
          {session.user.email} · {rolesOf(session.user).join(', ')}
        </p>
      </Panel>
      <Panel id="password-title" title="Change your password">
        <p className="text-sm text-slate-700">
          Your other devices are signed out; this one stays signed in.
        </p>
        <Form onSubmit={change} label="Change your password" className="grid gap-3">
          <TextField
            label="Current password"
            name="current-password"
            type="password"
            autoComplete="current-password"
            error={errors.current_password}
          />
          <TextField
            label="New password"
            name="new-password"
            type="password"
            autoComplete="new-password"
            hint={passwordRuleText}
            error={errors.new_password}
          />
          <TextField
            label="New password again"
            name="repeat-password"
            type="password"
            autoComplete="new-password"
            error={errors.repeat_password}
          />
          <FormFooter
            submit={busy ? 'Changing…' : 'Change password'}
            message={message}
            error={error}
            span=""
          />
        </Form>
      </Panel>
    </section>
  );
}
