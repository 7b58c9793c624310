import type { ReactNode } from 'react';

/**
 * A white card with its heading, named by it for screen readers. `className` sets the
 * spacing between what it holds.
 */
export function Panel({
  id,
  title,
  className = 'space-y-3',
  children,
}: {
  id: string;
  title: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={`${className} rounded-xl bg-white p-6 shadow`.trim()}>
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
