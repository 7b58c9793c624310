import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnswerName, Answers } from '../model/api';
import type { AnswerView } from '../model/answers';
import { usePortalFormat } from '../model/clock';
import { usePortal } from '../model/state';
import { lastUpdatedWords, problemWords } from '../model/words';

/**
 * A screen's heading, taking the focus when the screen opens so a keyboard or screen
 * reader starts at the top of the new page.
 */
export function ScreenHeading({ children }: { children: string }) {
  const { t } = useTranslation('portal');
  const heading = useRef<HTMLHeadingElement>(null);
  const title = t('pageTitle', { title: children });
  useEffect(() => {
    document.title = title;
  }, [title]);
  // The focus moves when the screen opens, not when its words change language.
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold text-teal-950 outline-none">
      {children}
    </h1>
  );
}

/** "Last updated …" and a refresh button; the reason when the refresh failed. */
function Freshness<Name extends AnswerName>({ view }: { view: AnswerView<Name> }) {
  const { t } = useTranslation('portal');
  const formats = usePortalFormat();
  const online = usePortal((state) => state.online);
  const failed = view.error && !view.error.unreachable ? problemWords(view.error, t) : null;
  return (
    <div className="no-print mt-1 mb-4 flex flex-wrap items-center gap-x-3 text-base text-slate-700">
      <p role="status" aria-live="polite">
        {view.loading
          ? t('screen.loadingLatest')
          : view.loadedAt
            ? lastUpdatedWords(view.loadedAt, t, formats)
            : null}
      </p>
      {online && !view.loading && (
        <button
          type="button"
          className="min-h-12 px-1 font-medium text-teal-900 underline"
          onClick={() => void view.reload()}
        >
          {t('screen.refresh')}
        </button>
      )}
      {failed && (
        <p role="alert" className="w-full text-red-800">
          {t('screen.couldNotLoad', { reason: failed })}
        </p>
      )}
    </div>
  );
}

/**
 * A read screen: its heading, how fresh it is, and its content from the last loaded
 * answer (online or not). Before anything is loaded it says why nothing shows.
 */
export function Screen<Name extends AnswerName>({
  title,
  view,
  children,
}: {
  title: string;
  view: AnswerView<Name>;
  children: (data: Answers[Name]) => ReactNode;
}) {
  const { t } = useTranslation('portal');
  let body: ReactNode;
  if (view.data) body = children(view.data);
  else if (view.data === undefined || view.loading)
    body = <p className="text-lg">{t('screen.loading')}</p>;
  else if (view.error?.unreachable)
    body = (
      <p className="rounded-lg bg-amber-50 p-4 text-lg text-amber-950">
        {t('screen.notLoadedOffline')}
      </p>
    );
  else body = null;
  return (
    <section>
      <ScreenHeading>{title}</ScreenHeading>
      <Freshness view={view} />
      {body}
    </section>
  );
}

/** A white card for one item of a list. */
export function Card({ children, className = '' }: { children: ReactNode; className?: string }) {
  return <div className={`rounded-xl bg-white p-4 shadow ${className}`.trim()}>{children}</div>;
}

/** What an empty list says. */
export function Nothing({ children }: { children: ReactNode }) {
  return <p className="rounded-xl bg-white p-4 text-lg text-slate-700 shadow">{children}</p>;
}
