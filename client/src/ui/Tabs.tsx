import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The tab chosen, kept in the address (`?tab=`), so the browser's back button returns
 * to the tab before and a reload or a shared link opens the same one. An unknown value
 * falls back to the first tab.
 */
export function useTabInAddress<T extends string>(tabs: readonly T[]) {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const current = tabs.find((tab) => tab === asked) ?? tabs[0]!;
  // Choosing the tab already shown adds no step to the history.
  function choose(tab: T) {
    if (tab === current) return;
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.set('tab', tab);
        return next;
      },
      { preventScrollReset: true },
    );
  }
  return [current, choose] as const;
}

const tabClass =
  'min-h-11 whitespace-nowrap border-b-4 px-4 py-2 font-medium aria-selected:border-teal-800 aria-selected:text-teal-950 aria-[selected=false]:border-transparent aria-[selected=false]:text-slate-700 hover:bg-slate-100';

/**
 * Tabs as the ARIA pattern has them: one tab in the page's tab order (the chosen one),
 * the arrow keys, Home and End move between them and choose at once (the panels are
 * cheap to show). `id` prefixes the tabs' and panels' element ids.
 */
export function Tabs<T extends string>({
  id,
  label,
  tabs,
  words,
  current,
  onChoose,
  children,
}: {
  id: string;
  label: string;
  tabs: readonly T[];
  words: (tab: T) => string;
  current: T;
  onChoose: (tab: T) => void;
  /** The chosen tab's panel. */
  children: ReactNode;
}) {
  const list = useRef<HTMLDivElement>(null);

  function move(event: KeyboardEvent<HTMLDivElement>) {
    const at = tabs.indexOf(current);
    const to = {
      ArrowRight: at + 1,
      ArrowLeft: at - 1,
      Home: 0,
      End: tabs.length - 1,
    }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const tab = tabs[(to + tabs.length) % tabs.length]!;
    onChoose(tab);
    list.current?.querySelector<HTMLElement>(`#${id}-tab-${tab}`)?.focus();
  }

  return (
    <div>
      <div
        ref={list}
        role="tablist"
        aria-label={label}
        onKeyDown={move}
        className="flex overflow-x-auto border-b border-slate-300"
      >
        {tabs.map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            id={`${id}-tab-${tab}`}
            aria-selected={tab === current}
            aria-controls={`${id}-panel`}
            tabIndex={tab === current ? 0 : -1}
            className={tabClass}
            onClick={() => onChoose(tab)}
          >
            {words(tab)}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={`${id}-tab-${current}`}
        tabIndex={0}
        className="pt-4 focus-visible:outline-2 focus-visible:outline-teal-800"
      >
        {children}
      </div>
    </div>
  );
}
