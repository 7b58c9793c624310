import {
  describeIssues,
  isPhoneCountry,
  passwordRuleProblem,
  passwordRuleText,
  phoneCountries,
  signupRequestSchema,
  type SessionResponse,
} from '@mymedic/shared';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError, SyncApi } from '../../engine/api';
import { revokedMessage, wipeRevokedDevice } from '../../app/revoked';
import { completeSignIn } from '../../app/signIn';
import { deviceId, type StoredSession } from '../../engine/session';
import { buttonClass, fieldErrors, formText, SelectField, TextField } from '../../ui/Field';

const api = new SyncApi('', null);

async function begin(
  onSignedIn: (session: StoredSession) => void,
  response: SessionResponse,
  password: string,
) {
  onSignedIn(await completeSignIn(response, password));
}

const explain = (error: unknown) =>
  error instanceof ApiError
    ? error.status === 0
      ? 'The server cannot be reached. Signing in needs the connection once; after that the app works offline.'
      : error.message
    : 'Something went wrong';

/** The page around signing in and signing up: the name, then one form with its title. */
function AuthPage({
  titleId,
  title,
  validate,
  onSubmit,
  children,
}: {
  titleId: string;
  title: string;
  /** Let the browser check required fields first (signing in), or check them here. */
  validate: boolean;
  onSubmit: (form: FormData) => Promise<void>;
  children: ReactNode;
}) {
  return (
    <main className="mx-auto max-w-md p-6">
      <h1 className="mb-6 text-3xl font-semibold text-teal-900">MyMedic</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit(new FormData(event.currentTarget));
        }}
        noValidate={!validate}
        className="space-y-4 rounded-xl bg-white p-6 shadow"
        aria-labelledby={titleId}
      >
        <h2 id={titleId} className="text-xl font-semibold">
          {title}
        </h2>
        {children}
      </form>
    </main>
  );
}

/** Why the last try failed, and the form's button, busy while the server is asked. */
function SubmitWhile({
  error,
  busy,
  label,
  busyLabel,
}: {
  error: string | null;
  busy: boolean;
  label: string;
  busyLabel: string;
}) {
  return (
    <>
      {error && (
        <p role="alert" className="text-red-800">
          {error}
        </p>
      )}
      <button type="submit" className={`${buttonClass} w-full`} disabled={busy}>
        {busy ? busyLabel : label}
      </button>
    </>
  );
}

export function SignIn({
  onSignedIn,
  onUnlockInstead,
  notice,
}: {
  /** Why the person is here, when it is not a plain sign-in (a revoked tablet). */
  notice?: string | undefined;
  onSignedIn: (session: StoredSession) => void;
  /** Someone on this tablet can unlock with a PIN instead. */
  onUnlockInstead?: (() => void) | undefined;
}) {
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState(notice ?? null);
  const [busy, setBusy] = useState(false);
  // Signed in with a temporary password (an admin's reset): a new one is chosen first.
  const [temporary, setTemporary] = useState<{ email: string; password: string } | null>(null);
  async function submit(form: FormData) {
    setBusy(true);
    setError(null);
    const email = formText(form, 'email');
    const password = formText(form, 'password');
    try {
      await begin(onSignedIn, await api.login(email, password, deviceId()), password);
    } catch (failure) {
      if (failure instanceof ApiError && failure.body?.code === 'password_change_required') {
        setTemporary({ email, password });
      } else if (failure instanceof ApiError && failure.body?.code === 'device_revoked') {
        // Found again after it was reported lost: wiped, it signs in as a new device.
        await wipeRevokedDevice();
        setMessage(revokedMessage);
        setError(null);
      } else setError(explain(failure));
    } finally {
      setBusy(false);
    }
  }
  if (temporary) {
    return (
      <NewPasswordAtSignIn
        {...temporary}
        onSignedIn={onSignedIn}
        onBack={() => setTemporary(null)}
      />
    );
  }
  return (
    <AuthPage titleId="sign-in-title" title="Sign in" validate onSubmit={submit}>
      <TextField label="Email" name="email" type="email" autoComplete="username" required />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      {message && (
        <p role="status" className="rounded-lg bg-amber-50 p-3 text-amber-950">
          {message}
        </p>
      )}
      <SubmitWhile error={error} busy={busy} label="Sign in" busyLabel="Signing in…" />
      {onUnlockInstead && (
        <button type="button" className="min-h-11 w-full underline" onClick={onUnlockInstead}>
          Unlock with a PIN instead
        </button>
      )}
      <p className="text-sm">
        New here?{' '}
        <Link to="/signup" className="text-teal-900 underline">
          Register your practice
        </Link>
      </p>
    </AuthPage>
  );
}

/**
 * After signing in with the temporary password an admin set: the person chooses their
 * own, which replaces it as they sign in.
 */
function NewPasswordAtSignIn({
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
    try {
      await begin(onSignedIn, await api.login(email, password, deviceId(), next), next);
    } catch (failure) {
      if (failure instanceof ApiError) setErrors(fieldErrors(failure.body?.details));
      setError(explain(failure));
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

/** The country of the browser's language (en-KE: KE), a first guess at the practice's. */
function browserCountry(): string | null {
  try {
    const region = new Intl.Locale(navigator.language).maximize().region;
    return region && isPhoneCountry(region) ? region : null;
  } catch {
    return null;
  }
}

export function SignUp({ onSignedIn }: { onSignedIn: (session: StoredSession) => void }) {
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
    try {
      const session = await api.signup(parsed.data);
      // A new practice starts with its first-run setup.
      window.history.replaceState(null, '', '/setup');
      await begin(onSignedIn, session, parsed.data.admin.password);
    } catch (failure) {
      if (failure instanceof ApiError) setErrors(fieldErrors(failure.body?.details));
      setError(explain(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <AuthPage
      titleId="sign-up-title"
      title="Register your practice"
      validate={false}
      onSubmit={submit}
    >
      <SelectField
        label="Kind of practice"
        name="kind"
        value={kind}
        onChange={(event) => setKind(event.target.value)}
        error={errors.kind}
      >
        <option value="independent">Independent doctor</option>
        <option value="clinic">Clinic</option>
        <option value="hospital">Hospital</option>
      </SelectField>
      {kind === 'independent' ? (
        <p className="text-sm">You will be the practice&apos;s doctor and its admin.</p>
      ) : (
        <label className="flex min-h-11 items-center gap-2">
          <input type="checkbox" name="also_doctor" className="h-5 w-5" />I am also a doctor here
        </label>
      )}
      <TextField label="Practice name" name="organization" error={errors.name} required />
      <SelectField
        label="Country"
        name="country"
        defaultValue={browserCountry() ?? ''}
        error={errors.country}
        hint="Phone numbers typed without a country code are read as dialled here"
      >
        <option value="">Choose…</option>
        {phoneCountries().map(({ country, name }) => (
          <option key={country} value={country}>
            {name}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Your full name"
        name="full_name"
        autoComplete="name"
        error={errors.full_name}
        required
      />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        error={errors.email}
        required
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint={passwordRuleText}
        error={errors.password}
        required
      />
      <SubmitWhile error={error} busy={busy} label="Create practice" busyLabel="Creating…" />
      <p className="text-sm">
        Already registered?{' '}
        <Link to="/" className="text-teal-900 underline">
          Sign in
        </Link>
      </p>
    </AuthPage>
  );
}
