import { passwordRuleRefusal } from '@mymedic/shared';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { StoredSession } from '../../engine/session';
import { formText } from '../../ui/Field';
import { AuthPage, loadRequests, SubmitWhile } from './AuthPage';
import { NewPasswordFields } from './NewPasswordFields';
import { sayRefusal } from '../../i18n/refusals';

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
  const { t } = useTranslation('auth');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(form: FormData) {
    const next = formText(form, 'new_password');
    const problem = passwordRuleRefusal(next, email);
    if (problem || next !== formText(form, 'repeat_password')) {
      setErrors(
        problem
          ? { new_password: sayRefusal(problem) }
          : { repeat_password: t('newPassword.differ') },
      );
      return;
    }
    setErrors({});
    setError(null);
    setBusy(true);
    const requests = await loadRequests();
    if (!requests) {
      setError(t('unreachable'));
      return setBusy(false);
    }
    try {
      onSignedIn(await requests.signIn(email, password, next));
    } catch (failure) {
      setErrors(requests.fieldProblems(failure));
      setError(requests.explain(failure, t));
    } finally {
      setBusy(false);
    }
  }
  return (
    <AuthPage
      titleId="new-password-title"
      title={t('newPassword.title')}
      validate={false}
      onSubmit={submit}
    >
      <p>
        <Trans
          t={t}
          i18nKey="newPassword.intro"
          values={{ email }}
          components={{ strong: <strong /> }}
        />
      </p>
      <NewPasswordFields
        label={t('newPassword.new')}
        name="new_password"
        error={errors.new_password}
        again={{
          label: t('newPassword.again'),
          name: 'repeat_password',
          error: errors.repeat_password,
        }}
        required
      />
      <SubmitWhile
        error={error}
        busy={busy}
        label={t('newPassword.submit')}
        busyLabel={t('signIn.busy')}
      />
      <button type="button" className="min-h-11 w-full underline" onClick={onBack}>
        {t('newPassword.back')}
      </button>
    </AuthPage>
  );
}
