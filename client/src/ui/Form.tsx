import type { FormHTMLAttributes, ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { buttonClass, Feedback, formText, secondaryButtonClass, TextField } from './Field';

/**
 * A form that the screen checks itself (no browser bubbles): `onSubmit` gets the
 * fields' data and the form element, the page never reloads. `onInput` and `onBlur`
 * hear every field, for a form that checks as the person types.
 */
export function Form({
  label,
  onSubmit,
  className,
  formRef,
  children,
  ...watch
}: {
  label?: string | undefined;
  onSubmit: (data: FormData, form: HTMLFormElement) => unknown;
  className?: string | undefined;
  formRef?: Ref<HTMLFormElement> | undefined;
  children: ReactNode;
} & Pick<FormHTMLAttributes<HTMLFormElement>, 'onInput' | 'onBlur'>) {
  return (
    <form
      ref={formRef}
      {...watch}
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit(new FormData(event.currentTarget), event.currentTarget);
      }}
      noValidate
      aria-label={label}
      className={className}
    >
      {children}
    </form>
  );
}

/**
 * The end of a form: what the last save did or why it was refused, then the submit
 * button. `span` is the classes that stretch both over the form's grid.
 */
export function FormFooter({
  submit,
  message,
  error,
  span = 'sm:col-span-2',
}: {
  submit: string;
  message?: string | null | undefined;
  error?: string | undefined;
  span?: string;
}) {
  return (
    <>
      {message !== undefined && (
        <div className={span}>
          <Feedback message={message} error={error} />
        </div>
      )}
      <div className={span}>
        <button type="submit" className={buttonClass}>
          {submit}
        </button>
      </div>
    </>
  );
}

/**
 * A submit button, with a way back beside it ("Keep it" unless `keepLabel` says
 * otherwise) when the form can be closed unsaved.
 */
export function SubmitOrKeep({
  submit,
  onKeep,
  keepLabel,
}: {
  submit: string;
  onKeep?: () => void;
  keepLabel?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="flex flex-wrap gap-2">
      <button type="submit" className={buttonClass}>
        {submit}
      </button>
      {onKeep && (
        <button type="button" className={secondaryButtonClass} onClick={onKeep}>
          {keepLabel ?? t('keepIt')}
        </button>
      )}
    </div>
  );
}

/**
 * Asks why before an action that needs a reason on record (cancel, archive,
 * deactivate): one field, the action's button, and "Keep it" when given `onKeep`.
 */
export function ReasonForm({
  label,
  fieldLabel,
  id,
  error,
  submit,
  onReason,
  onKeep,
  className = 'flex flex-wrap items-end gap-2',
}: {
  label: string;
  fieldLabel: string;
  id: string;
  error: string | undefined;
  submit: string;
  onReason: (reason: string) => unknown;
  onKeep?: () => void;
  className?: string;
}) {
  return (
    <Form
      label={label}
      className={className}
      onSubmit={(data) => onReason(formText(data, 'reason'))}
    >
      <TextField label={fieldLabel} name="reason" id={id} error={error} />
      <SubmitOrKeep submit={submit} {...(onKeep ? { onKeep } : {})} />
    </Form>
  );
}
