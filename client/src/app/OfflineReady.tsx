import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiStore } from './store';

/**
 * How long the notice stays before it goes by itself: long enough to read, then out of
 * the way (it sits in a corner over the screen); the person menu keeps saying it.
 */
const noticeMs = 8_000;

/**
 * Says once, on whatever screen is open (often the sign-in), that the service worker has
 * just precached the app: from now on this device opens and works without the internet.
 * A polite status, so a screen reader says it without interrupting; it goes after a
 * while or when dismissed, and the person menu keeps saying it quietly.
 */
export function OfflineReady() {
  const { t } = useTranslation();
  const notice = useUiStore((state) => state.offlineNotice);
  const dismiss = useUiStore((state) => state.dismissOfflineNotice);
  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(dismiss, noticeMs);
    return () => window.clearTimeout(timer);
  }, [notice, dismiss]);
  return (
    // The live region is there from the start, so the notice put in it is announced.
    <div
      role="status"
      aria-live="polite"
      className="pointer-events-none fixed right-4 bottom-20 z-30 max-w-xs xl:bottom-4 print:hidden"
    >
      {notice && (
        <p className="pointer-events-auto flex items-center gap-3 rounded-xl bg-slate-800 px-4 py-2 text-sm text-white shadow-lg">
          <span>{t('offline.ready')}</span>
          <button type="button" className="min-h-11 px-2 underline" onClick={dismiss}>
            {t('offline.dismiss')}
          </button>
        </p>
      )}
    </div>
  );
}
