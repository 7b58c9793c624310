import {
  describeIssues,
  isPhoneCountry,
  phoneCountries,
  signupRequestSchema,
} from '@mymedic/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deviceId, type StoredSession } from '../../engine/session';
import { fieldErrors, formText, SelectField, TextField } from '../../ui/Field';
import { AuthPage, loadRequests, PageLink, SubmitWhile } from './AuthPage';
import { NewPasswordFields } from './NewPasswordFields';

/** The country of the browser's language (en-KE: KE), a first guess at the practice's. */
function browserCountry(): string | null {
  try {
    const region = new Intl.Locale(navigator.language).maximize().region;
    return region && isPhoneCountry(region) ? region : null;
  } catch {
    return null;
  }
}

export default function SignUp({
  onSignedIn,
  onGoTo,
}: {
  onSignedIn: (session: StoredSession) => void;
  /** Follows a link to another signed-out page. */
  onGoTo: (to: string) => void;
}) {
  const { t } = useTranslation('auth');
  const [kind, setKind] = useState('clinic');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(form: FormData) {
    const kind = formText(form, 'kind');
    const body = {
      organization: {
        kind,
        name: formText(form, 'organization'),
        ...(formText(form, 'country') ? { country: formText(form, 'country') } : {}),
      },
      admin: {
        full_name: formText(form, 'full_name'),
        email: formText(form, 'email'),
        password: formText(form, 'password'),
        // An independent doctor is always the practice's doctor too.
        also_doctor: kind === 'independent' || form.get('also_doctor') === 'on',
      },
      device_id: deviceId(),
    };
    const parsed = signupRequestSchema.safeParse(body);
    if (!parsed.success) {
      setErrors(fieldErrors({ issues: describeIssues(parsed.error) }));
      return;
    }
    setErrors({});
    setBusy(true);
    const requests = await loadRequests();
    if (!requests) {
      setError(t('unreachable'));
      return setBusy(false);
    }
    try {
      const session = await requests.signUp(parsed.data);
      // A new practice starts with its first-run setup.
      window.history.replaceState(null, '', '/setup');
      onSignedIn(session);
    } catch (failure) {
      setErrors(requests.fieldProblems(failure));
      setError(requests.explain(failure, t));
    } finally {
      setBusy(false);
    }
  }
  return (
    <AuthPage titleId="sign-up-title" title={t('signUp.title')} validate={false} onSubmit={submit}>
      <SelectField
        label={t('signUp.kind')}
        name="kind"
        value={kind}
        onChange={(event) => setKind(event.target.value)}
        error={errors.kind}
      >
        <option value="independent">{t('signUp.kinds.independent')}</option>
        <option value="clinic">{t('signUp.kinds.clinic')}</option>
        <option value="hospital">{t('signUp.kinds.hospital')}</option>
      </SelectField>
      {kind === 'independent' ? (
        <p className="text-sm">{t('signUp.independentNote')}</p>
      ) : (
        <label className="flex min-h-11 items-center gap-2">
          <input type="checkbox" name="also_doctor" className="h-5 w-5" />
          {t('signUp.alsoDoctor')}
        </label>
      )}
      <TextField
        label={t('signUp.practiceName')}
        name="organization"
        error={errors.name}
        required
      />
      <SelectField
        label={t('signUp.country')}
        name="country"
        defaultValue={browserCountry() ?? ''}
        error={errors.country}
        hint={t('signUp.countryHint')}
      >
        <option value="">{t('signUp.choose')}</option>
        {phoneCountries().map(({ country, name }) => (
          <option key={country} value={country}>
            {name}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('signUp.fullName')}
        name="full_name"
        autoComplete="name"
        error={errors.full_name}
        required
      />
      <TextField
        label={t('email')}
        name="email"
        type="email"
        autoComplete="email"
        error={errors.email}
        required
      />
      <NewPasswordFields label={t('password')} name="password" error={errors.password} required />
      <SubmitWhile
        error={error}
        busy={busy}
        label={t('signUp.submit')}
        busyLabel={t('signUp.busy')}
      />
      <p className="text-sm">
        {t('signUp.already')}{' '}
        <PageLink to="/" onGoTo={onGoTo}>
          {t('signUp.signIn')}
        </PageLink>
      </p>
    </AuthPage>
  );
}
