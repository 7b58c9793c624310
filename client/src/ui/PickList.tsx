import type { ReactNode } from 'react';

/** The matches of a search field as a list of buttons: choosing one picks it. */
export function PickList<T>({
  label,
  items,
  keyOf,
  onPick,
  children,
}: {
  label: string;
  items: readonly T[];
  keyOf: (item: T) => string;
  onPick: (item: T) => void;
  children: (item: T) => ReactNode;
}) {
  if (items.length === 0) return null;
  return (
    <ul aria-label={label} className="mt-1 rounded-lg border border-slate-300">
      {items.map((item) => (
        <li key={keyOf(item)}>
          <button
            type="button"
            className="min-h-11 w-full px-3 text-left hover:bg-teal-50"
            onClick={() => onPick(item)}
          >
            {children(item)}
          </button>
        </li>
      ))}
    </ul>
  );
}
