import { passwordRuleRefusal, rolesOf } from '@mymedic/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKeepLanguage } from '../../app/accountLanguage';
import { useClinic } from '../../app/clinic';
import { ApiError } from '../../engine/api';
import { rewrapWithPassword } from '../../engine/lock';
import { fieldErrors, formText, TextField } from '../../ui/Field';
import { Form, FormFooter } from '../../ui/Form';
import { LanguagePicker } from '../../ui/LanguagePicker';
import { Panel } from '../../ui/Panel';
import { sayFailure, sayRefusal } from '../../i18n/refusals';
import { NewPasswordFields } from '../auth/NewPasswordFields';

/**
 * The signed-in person's own account: who they are, their language (also in the person
 * menu; kept with the account) and changing their password.
 */
export default function Account() {
  const { api, session } = useClinic();
  const { t } = useTranslation('account');
  const keepLanguage = useKeepLanguage();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function change(data: FormData, form: HTMLFormElement) {
    const current = formText(data, 'current-password');
    const next = formText(data, 'new-password');
    const problems: Record<string, string> = {};
    if (!current) problems.current_password = t('password.typeCurrent');
    const rule = passwordRuleRefusal(next, session.user.email);
    if (rule) problems.new_password = sayRefusal(rule);
    else if (next !== formText(data, 'repeat-password'))
      problems.repeat_password = t('password.differ');
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
      setMessage(
        sessions_ended === 0
          ? t('password.changedNowhereElse')
          : t('password.changed', { count: sessions_ended }),
      );
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 0) {
        setError(t('password.needsServer'));
      } else if (failure instanceof ApiError) {
        setErrors(fieldErrors(failure.body?.details));
        setError(sayFailure(failure));
      } else setError(t('password.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="account-title" className="mx-auto max-w-2xl space-y-4">
      <h1 id="account-title" className="text-2xl font-semibold">
        {t('title')}
      </h1>
      <Panel id="account-who" title={session.user.full_name}>
        <p>
          {t('roles', {
            email: session.user.email,
            roles: rolesOf(session.user)
              .map((role) => t(`common:roles.${role}`))
              .join(', '),
          })}
        </p>
      </Panel>
      <Panel id="language-title" title={t('language.title')}>
        <p className="text-sm text-slate-700">{t('language.explained')}</p>
        <LanguagePicker onChosen={(language) => void keepLanguage(language)} />
      </Panel>
      <Panel id="password-title" title={t('password.title')}>
        <p className="text-sm text-slate-700">{t('password.others')}</p>
        <Form onSubmit={change} label={t('password.title')} className="grid gap-3">
          <TextField
            label={t('password.current')}
            name="current-password"
            type="password"
            autoComplete="current-password"
            error={errors.current_password}
          />
          <NewPasswordFields
            label={t('password.new')}
            name="new-password"
            error={errors.new_password}
            again={{
              label: t('password.again'),
              name: 'repeat-password',
              error: errors.repeat_password,
            }}
          />
          <FormFooter
            submit={busy ? t('password.changing') : t('password.change')}
            message={message}
            error={error}
            span=""
          />
        </Form>
      </Panel>
    </section>
  );
}
