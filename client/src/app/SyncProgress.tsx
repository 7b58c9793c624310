import { useTranslation } from 'react-i18next';
import { roughTimeLeft, type PullProgress } from '../engine/progress';
import { useUiStore } from './store';
import { useFormat } from './useFormat';

/** "12,400 of 100,000 records · about 40 seconds left", in the person's language. */
export function useProgressWords(progress: PullProgress) {
  const { t } = useTranslation();
  const f = useFormat();
  const count = t('syncProgress.count', {
    arrived: f.number(progress.arrived),
    total: f.number(progress.total),
  });
  if (progress.secondsLeft === null) return `${count} · ${t('syncProgress.estimating')}`;
  const { amount, unit } = roughTimeLeft(progress.secondsLeft);
  const time = f.number(amount, { style: 'unit', unit, unitDisplay: 'long' });
  return `${count} · ${t('syncProgress.left', { count: amount, time })}`;
}

function ProgressStrip({ progress }: { progress: PullProgress }) {
  const { t } = useTranslation();
  const words = useProgressWords(progress);
  const share = progress.total === 0 ? 1 : progress.arrived / progress.total;
  return (
    <div className="border-b border-sky-200 bg-sky-50 print:hidden">
      <div className="mx-auto max-w-screen-2xl space-y-1 px-4 py-2">
        <p className="flex flex-wrap gap-x-3 text-sm">
          <span id="sync-progress-title" className="font-semibold text-sky-950">
            {t('syncProgress.title')}
          </span>
          <span className="text-slate-800">{words}</span>
        </p>
        {/* Not a live region: a screen reader hears the words when it reaches the bar,
            not at every page that arrives. */}
        <div
          role="progressbar"
          aria-labelledby="sync-progress-title"
          aria-valuemin={0}
          aria-valuemax={progress.total}
          aria-valuenow={progress.arrived}
          aria-valuetext={words}
          className="h-2 overflow-hidden rounded-full bg-sky-200"
        >
          <div
            className="h-full rounded-full bg-sky-700 transition-[width] duration-500"
            style={{ width: `${(share * 100).toFixed(1)}%` }}
          />
        </div>
        <p className="text-sm text-slate-800">{t('syncProgress.meanwhile')}</p>
      </div>
    </div>
  );
}

/**
 * Under the header while a long pull runs (a new tablet joining the clinic): how many
 * records have come and about how long is left. The screens work meanwhile on what has
 * arrived; ordinary syncs never show it (`showProgressFrom`).
 */
export function SyncProgress() {
  const progress = useUiStore((state) => state.sync.progress);
  return progress ? <ProgressStrip progress={progress} /> : null;
}
