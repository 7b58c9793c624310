import { useCallback, useRef, useState } from 'react';
import { draftOf, keepDraft } from '../engine/lock';

type FieldValues = Record<string, string | boolean>;

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const isField = (element: Element): element is Field =>
  element instanceof HTMLInputElement ||
  element instanceof HTMLSelectElement ||
  element instanceof HTMLTextAreaElement;

/** Secrets and files are never part of a draft. */
const kept = (field: Field) =>
  field.name !== '' &&
  !(field instanceof HTMLInputElement && ['password', 'file', 'hidden'].includes(field.type));

function readForm(form: HTMLFormElement): FieldValues {
  const values: FieldValues = {};
  for (const element of Array.from(form.elements)) {
    if (!isField(element) || !kept(element)) continue;
    if (element instanceof HTMLInputElement && element.type === 'checkbox') {
      values[element.name] = element.checked;
    } else if (element instanceof HTMLInputElement && element.type === 'radio') {
      if (element.checked) values[element.name] = element.value;
    } else values[element.name] = element.value;
  }
  return values;
}

function fillForm(form: HTMLFormElement, values: FieldValues) {
  for (const element of Array.from(form.elements)) {
    if (!isField(element) || !kept(element) || !(element.name in values)) continue;
    const value = values[element.name];
    if (element instanceof HTMLInputElement && element.type === 'checkbox') {
      element.checked = value === true;
    } else if (element instanceof HTMLInputElement && element.type === 'radio') {
      element.checked = element.value === value;
    } else element.value = String(value);
  }
}

/**
 * Keeps what a person types into a form (fields with defaultValue, read by name) as
 * their draft, sealed on the device with their key, and fills the form with it when it
 * opens again: after the idle lock, a change of person at the tablet, or a reload.
 * `clear` drops it once the form has been saved.
 */
export function useFormDraft(formKey: string) {
  const [restored, setRestored] = useState(false);
  const detach = useRef<(() => void) | null>(null);
  // A callback ref: the form may appear after the first render (once its record has
  // loaded), and it is filled and listened to whenever it does.
  const ref = useCallback(
    (form: HTMLFormElement | null) => {
      detach.current?.();
      detach.current = null;
      if (!form) return;
      const draft = draftOf<FieldValues>(formKey);
      if (draft) {
        fillForm(form, draft);
        setRestored(true);
      }
      const keep = () => void keepDraft(formKey, readForm(form));
      form.addEventListener('input', keep);
      form.addEventListener('change', keep);
      detach.current = () => {
        form.removeEventListener('input', keep);
        form.removeEventListener('change', keep);
      };
    },
    [formKey],
  );
  const clear = useCallback(() => {
    setRestored(false);
    void keepDraft(formKey, undefined);
  }, [formKey]);
  return { ref, restored, clear };
}

/**
 * useState for a form whose fields React controls, kept as the person's draft the same
 * way: the value comes back after the lock, a change of person or a reload.
 */
export function useDraftState<T>(formKey: string, initial: T) {
  const [value, setValue] = useState<T>(() => draftOf<T>(formKey) ?? initial);
  const update = useCallback(
    (next: T | ((previous: T) => T)) =>
      setValue((previous) => {
        const resolved = typeof next === 'function' ? (next as (previous: T) => T)(previous) : next;
        void keepDraft(formKey, resolved);
        return resolved;
      }),
    [formKey],
  );
  const [empty] = useState(initial);
  const clear = useCallback(() => {
    setValue(empty);
    void keepDraft(formKey, undefined);
  }, [formKey, empty]);
  return [value, update, clear] as const;
}
