import type { ReactNode } from 'react';

/** The colours a badge may take; each pairs a pale fill with dark text (WCAG AA). */
export type BadgeTone = 'red' | 'orange' | 'amber' | 'green' | 'blue' | 'teal' | 'slate';

const tones: Record<BadgeTone, string> = {
  red: 'border-red-700 bg-red-100 text-red-950',
  orange: 'border-orange-600 bg-orange-100 text-orange-950',
  amber: 'border-amber-600 bg-amber-100 text-amber-950',
  green: 'border-emerald-700 bg-emerald-50 text-emerald-950',
  blue: 'border-sky-700 bg-sky-50 text-sky-950',
  teal: 'border-teal-700 bg-teal-50 text-teal-950',
  slate: 'border-slate-400 bg-slate-100 text-slate-900',
};

/**
 * A state in colour and in words, never colour alone (a colour-blind reader, a
 * greyscale print). `icon` is a short symbol before the words, hidden from screen
 * readers as the words say it.
 */
export function Badge({
  tone,
  icon,
  strong = false,
  children,
}: {
  tone: BadgeTone;
  icon?: string;
  /** A heavier border and bold words: for what must not be missed (allergies, urgency). */
  strong?: boolean;
  children: ReactNode;
}) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full px-2.5 py-0.5 text-sm ${tones[tone]} ${
        strong ? 'border-2 font-semibold' : 'border font-medium'
      }`}
    >
      {icon && <span aria-hidden="true">{icon}</span>}
      {children}
    </span>
  );
}
