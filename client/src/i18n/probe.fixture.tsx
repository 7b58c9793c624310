// What the translations test must catch (five texts) and let pass (the rest).
import { useTranslation } from 'react-i18next';

export function Probe({ busy, name }: { busy: boolean; name: string }) {
  const { t } = useTranslation();
  return (
    <section aria-label="Waiting patients" className="space-y-2 text-sm">
      <h2>Waiting today</h2>
      <p>{busy ? 'Saving…' : t('save')}</p>
      <input placeholder={`Search ${name}`} name="search" type="search" />
      <p>{name && 'on leave'}</p>
      <p>
        {t('language')} · {name} (42) — ✓
      </p>
    </section>
  );
}
