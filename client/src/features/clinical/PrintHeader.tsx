import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useOrganisation } from '../../app/reference';
import { buttonClass, secondaryButtonClass } from '../../ui/Field';
import { ToggleGroup } from '../../ui/ToggleGroup';

export const paperSizes = ['A4', 'A5'] as const;
export type PaperSize = (typeof paperSizes)[number];

/**
 * The buttons above a printed page, left off the paper: print, the paper size (with the
 * page's `margin`, for the browser's print), what else the page lets the person choose
 * (`children`), and the way back to `back`.
 */
export function PrintControls({
  paper,
  onPaper,
  margin,
  back,
  children,
}: {
  paper: PaperSize;
  onPaper: (paper: PaperSize) => void;
  margin: string;
  back: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation('clinical');
  const page = `@page { size: ${paper}; margin: ${margin}; }`;
  return (
    <div className="mb-6 flex flex-wrap gap-2 print:hidden">
      <style>{page}</style>
      <button type="button" className={buttonClass} onClick={() => window.print()}>
        {t('print.print')}
      </button>
      <ToggleGroup
        label={t('print.paperSize')}
        options={paperSizes}
        value={paper}
        onChange={onPaper}
      />
      {children}
      <Link to={back} className={secondaryButtonClass}>
        {t('print.back')}
      </Link>
    </div>
  );
}

/** The top of every printed page: the clinic, where, and what the page is when it says. */
export function PrintHeader({ title }: { title?: string }) {
  const { t } = useTranslation('clinical');
  const organisation = useOrganisation();
  return (
    <header className="border-b-2 border-black pb-3">
      <h1 className="text-2xl font-bold">{organisation?.settings.name ?? t('print.clinic')}</h1>
      <p>{organisation?.locations[0]?.name}</p>
      {title && <p className="mt-2 text-xl font-semibold">{title}</p>}
    </header>
  );
}
