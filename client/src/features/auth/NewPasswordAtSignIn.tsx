import { passwordRuleProblem, passwordRuleText } from '@mymedic/shared';
import { useState } from 'react';
import type { StoredSession } from '../../engine/session';
import { formText, TextField } from '../../ui/Field';
import { AuthPage, loadRequests, SubmitWhile } from './AuthPage';

/**
 * After signing in with the temporary password an admin set: the person chooses their
 * own, which replaces it as they sign in.
 */
export default function NewPasswordAtSignIn({
  email,
  password,
  onSignedIn,
  onBack,
}: {
  email: string;
  password: string;
  onSignedIn: (session: StoredSession) => void;
  onBack: () => void;
}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(form: FormData) {
    const next = formText(form, 'new_password');
    const problem = passwordRuleProblem(next, email);
    if (problem || next !== formText(form, 'repeat_password')) {
      setErrors(
        problem ? { new_password: problem } : { repeat_password: 'The two passwords differ' },
      );
      return;
    }
    setErrors({});
    setError(null);
    setBusy(true);
    const requests = await loadRequests(setError);
    if (!requests) return setBusy(false);
    try {
      onSignedIn(await requests.signIn(email, password, next));
    } catch (failure) {
      setErrors(requests.fieldProblems(failure));
      setError(requests.explain(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <AuthPage
      titleId="new-password-title"
      title="Choose your own password"
      validate={false}
      onSubmit={submit}
    >
      <p>
        An admin set a temporary password for <strong>{email}</strong>. Choose your own to finish
        signing in; the temporary one then stops working.
      </p>
      <TextField
        label="New password"
        name="new_password"
        type="password"
        autoComplete="new-password"
        hint={passwordRuleText}
        error={errors.new_password}
        required
      />
      <TextField
        label="New password again"
        name="repeat_password"
        type="password"
        autoComplete="new-password"
        error={errors.repeat_password}
        required
      />
      <SubmitWhile error={error} busy={busy} label="Save and sign in" busyLabel="Signing in…" />
      <button type="button" className="min-h-11 w-full underline" onClick={onBack}>
        Back to sign-in
      </button>
    </AuthPage>
  );
}
