import { minPasswordLength, refusal } from '@mymedic/shared';
import { sayRefusal } from '../../i18n/refusals';
import { TextField } from '../../ui/Field';

/** The password rule, said beside every field where someone chooses a new password. */
export const passwordRuleHint = () =>
  sayRefusal(refusal('password.rule', { min: minPasswordLength }));

interface PasswordField {
  label: string;
  name: string;
  error?: string;
}

/**
 * A new password with the rule beside it and, when `again` is given, the same typed
 * again (signing up asks once: the person sees what they chose at the next sign-in).
 */
export function NewPasswordFields({
  again,
  required,
  ...chosen
}: PasswordField & { again?: PasswordField; required?: boolean }) {
  return (
    <>
      <TextField
        {...chosen}
        type="password"
        autoComplete="new-password"
        hint={passwordRuleHint()}
        required={required}
      />
      {again && (
        <TextField {...again} type="password" autoComplete="new-password" required={required} />
      )}
    </>
  );
}
