import type { MouseEvent, ReactNode } from 'react';
import { buttonClass } from '../../ui/Field';
import { LanguagePicker } from '../../ui/LanguagePicker';

/** Starts fetching the requests module while the person types, so submitting waits less. */
function prefetchRequests() {
  import('./requests').catch(() => undefined);
}

/**
 * The forms' requests to the server (`requests.ts`), or null when the module cannot be
 * fetched: a first visit that lost its connection, as if the server could not be reached.
 */
export async function loadRequests() {
  try {
    return await import('./requests');
  } catch {
    return null;
  }
}

/** The page around signing in and signing up: the name, then one form with its title. */
export function AuthPage({
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
      <div className="mb-6 flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-3xl font-semibold text-teal-900">MyMedic</h1>
        {/* Before signing in, so a person finds the page in their own language. */}
        <LanguagePicker />
      </div>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit(new FormData(event.currentTarget));
        }}
        onFocus={prefetchRequests}
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
export function SubmitWhile({
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

/**
 * A link between the signed-out pages: followed within the page (`onGoTo`), or, clicked
 * with a modifier or another button, opened as any link.
 */
export function PageLink({
  to,
  onGoTo,
  children,
}: {
  to: string;
  onGoTo: (to: string) => void;
  children: ReactNode;
}) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    event.preventDefault();
    onGoTo(to);
  };
  return (
    <a href={to} onClick={follow} className="text-teal-900 underline">
      {children}
    </a>
  );
}
