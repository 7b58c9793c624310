import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react';
import { sayRefusal, type SaidRefusal } from '../i18n/refusals';

interface FieldProps {
  label: string;
  name: string;
  error?: string | undefined;
  hint?: string;
}

const inputClass =
  'mt-1 block w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700';

/** What every field shares: its label above, then its hint or its error, announced. */
function FieldFrame({
  label,
  fieldId,
  error,
  hint,
  children,
}: {
  label: string;
  fieldId: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={fieldId} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${fieldId}-hint`} className="mt-1 text-sm text-slate-700">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${fieldId}-error`} role="alert" className="mt-1 text-sm text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

const describedBy = (fieldId: string, error?: string, hint?: string) =>
  error ? `${fieldId}-error` : hint ? `${fieldId}-hint` : undefined;

/** A labelled input with its error right beside it, announced to screen readers. */
export function TextField({
  label,
  name,
  error,
  hint,
  id,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const fieldId = id ?? name;
  return (
    <FieldFrame label={label} fieldId={fieldId} error={error} hint={hint}>
      <input
        id={fieldId}
        name={name}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, error, hint)}
        {...input}
      />
    </FieldFrame>
  );
}

export function SelectField({
  label,
  name,
  error,
  hint,
  children,
  id,
  ...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  const fieldId = id ?? name;
  return (
    <FieldFrame label={label} fieldId={fieldId} error={error} hint={hint}>
      <select
        id={fieldId}
        name={name}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, error, hint)}
        {...select}
      >
        {children}
      </select>
    </FieldFrame>
  );
}

export const buttonClass =
  'inline-flex min-h-11 items-center justify-center rounded-lg bg-teal-800 px-4 py-2 font-medium text-white hover:bg-teal-900 disabled:opacity-60';
export const secondaryButtonClass =
  'inline-flex min-h-11 items-center justify-center rounded-lg border border-slate-500 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100';

/** Field errors of a DomainError or API error, by field path. */
export function fieldErrors(details: unknown): Record<string, string> {
  const issues =
    (details as { issues?: (SaidRefusal & { path: string })[] } | undefined)?.issues ?? [];
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const said = sayRefusal(issue);
    errors[issue.path.split('.').pop() || issue.path] ??= said;
    // Also by the whole path, for a form of repeated rows (templates.2.whatsapp.name).
    if (issue.path.includes('.')) errors[issue.path] ??= said;
  }
  return errors;
}

/** A form field's text ('' when absent). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** A labelled multi-line input with its error beside it. */
export function TextAreaField({
  label,
  name,
  error,
  hint,
  id,
  ...area
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const fieldId = id ?? name;
  return (
    <FieldFrame label={label} fieldId={fieldId} error={error} hint={hint}>
      <textarea
        id={fieldId}
        name={name}
        rows={4}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, error, hint)}
        {...area}
      />
    </FieldFrame>
  );
}

/** What the last action did, or why it was refused: announced, next to the form. */
export function Feedback({
  message,
  error,
}: {
  message: string | null;
  error?: string | undefined;
}) {
  if (error)
    return (
      <p role="alert" className="rounded-lg bg-red-50 p-2 text-red-900">
        {error}
      </p>
    );
  if (message)
    return (
      <p role="status" className="text-emerald-800">
        {message}
      </p>
    );
  return null;
}

/** A select's options for a fixed list of values, each shown in words. */
export function WordOptions<T extends string>({
  values,
  words,
}: {
  values: readonly T[];
  words: (value: T) => string;
}) {
  return values.map((value) => (
    <option key={value} value={value}>
      {words(value)}
    </option>
  ));
}

/** A field whose text React holds, searched while typing. */
export function SearchField({
  onText,
  type = 'search',
  ...field
}: Omit<FieldProps & InputHTMLAttributes<HTMLInputElement>, 'onChange'> & {
  value: string;
  onText: (text: string) => void;
}) {
  return <TextField type={type} onChange={(event) => onText(event.target.value)} {...field} />;
}
