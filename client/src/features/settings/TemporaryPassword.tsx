import { Trans, useTranslation } from 'react-i18next';

/**
 * A temporary password the server made, shown once: the admin hands it over in person,
 * and the colleague chooses their own at the first sign-in with it.
 */
export function TemporaryPassword({ name, password }: { name: string; password: string }) {
  const { t } = useTranslation('settings');
  return (
    <div
      role="status"
      className="rounded-lg border border-amber-400 bg-amber-50 p-3 text-amber-950"
    >
      <p>
        <Trans
          t={t}
          i18nKey="temporary.for"
          values={{ name }}
          components={{ strong: <strong /> }}
        />{' '}
        <code
          className="rounded bg-white px-2 py-1 font-mono text-lg tracking-wide"
          data-temporary-password
        >
          {password}
        </code>
      </p>
      <p className="mt-1 text-sm">{t('temporary.once')}</p>
    </div>
  );
}
