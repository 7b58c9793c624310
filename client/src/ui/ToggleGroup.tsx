import { buttonClass, secondaryButtonClass } from './Field';

/** Buttons of which one is pressed: a choice between a few ways to show the same thing. */
export function ToggleGroup<T extends string>({
  label,
  options,
  value,
  onChange,
  words = (option) => option,
}: {
  label: string;
  options: readonly T[];
  value: T;
  onChange: (option: T) => void;
  words?: (option: T) => string;
}) {
  return (
    <div role="group" aria-label={label} className="flex gap-1">
      {options.map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={value === option}
          className={value === option ? buttonClass : secondaryButtonClass}
          onClick={() => onChange(option)}
        >
          {words(option)}
        </button>
      ))}
    </div>
  );
}
