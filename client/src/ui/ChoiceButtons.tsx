import { buttonClass, secondaryButtonClass } from './Field';

/** One choice of a row: its words, what it does, and whether it is the one suggested. */
export interface Choice {
  label: string;
  onChoose: () => void;
  primary?: boolean;
}

/** A row of buttons for the choices a person has at one point; the suggested one stands out. */
export function ChoiceButtons({ choices }: { choices: (Choice | false)[] }) {
  return (
    <div className="flex flex-wrap gap-2">
      {choices
        .filter((choice) => choice !== false)
        .map((choice) => (
          <button
            key={choice.label}
            type="button"
            className={choice.primary ? buttonClass : secondaryButtonClass}
            onClick={choice.onChoose}
          >
            {choice.label}
          </button>
        ))}
    </div>
  );
}
