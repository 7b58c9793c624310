import { jsonEqual, type PatientDetailField } from '@mymedic/shared';
import type { FormEvent } from 'react';
import { usePhoneText } from '../../app/reference';
import { show } from '../../engine/conflicts';
import type { PatientRow } from '../../engine/db';
import { useDraftState } from '../../ui/drafts';
import { TextField } from '../../ui/Field';
import { SubmitOrKeep } from '../../ui/Form';

export const editable: { field: PatientDetailField; label: string; type?: string }[] = [
  { field: 'full_name', label: 'Full name' },
  { field: 'phone', label: 'Phone', type: 'tel' },
  { field: 'email', label: 'Email', type: 'email' },
  { field: 'date_of_birth', label: 'Date of birth', type: 'date' },
  { field: 'national_id', label: 'National id' },
  { field: 'preferred_language', label: 'Preferred language' },
];

type Edits = Partial<Record<PatientDetailField, { seen: unknown; value: string }>>;

/**
 * The details form keeps what the person typed while syncs update the record under it:
 * an untouched field follows the record, a touched one keeps the typing, and saving
 * sends each change with the value the person saw when they began editing it. A field
 * that changes on another device while it is being edited is named with its new value
 * next to the form; saving then knowingly replaces it. A refused save keeps the typing;
 * a saved one closes the form (`onClose`), as does "Cancel", which drops the typing.
 */
export function DetailsForm({
  patient,
  errors,
  onSave,
  onClose,
}: {
  patient: PatientRow;
  errors: Record<string, string>;
  onSave: (changes: Record<string, { from: unknown; to: unknown }>) => Promise<boolean>;
  onClose: () => void;
}) {
  // The typing survives the idle lock and a change of person, as the person's draft.
  const [edits, setEdits, clearEdits] = useDraftState<Edits>(
    `patient-details:${patient.patient_id}`,
    {},
  );
  const changedElsewhere = editable.filter(
    ({ field }) => edits[field] && !jsonEqual(edits[field].seen, patient[field] ?? null),
  );
  const phoneText = usePhoneText();
  // What a field shows before it is touched: the number as the clinic dials it.
  const shown = (field: PatientDetailField) => {
    const value = patient[field] as string | null;
    return field === 'phone' && value ? phoneText(value) : (value ?? '');
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, edit] of Object.entries(edits) as [
      PatientDetailField,
      { seen: unknown; value: string },
    ][]) {
      const to = edit.value.trim() === '' ? null : edit.value.trim();
      // The note below showed the other device's value: saving knowingly replaces it.
      const seen = changedElsewhere.some((shown) => shown.field === field)
        ? (patient[field] ?? null)
        : edit.seen;
      if (!jsonEqual(seen, to)) changes[field] = { from: seen, to };
    }
    if (await onSave(changes)) {
      clearEdits();
      onClose();
    } else {
      // Refused: keep the typing; a field changed elsewhere now counts as seen, so a
      // second save knowingly replaces the other change.
      setEdits((current) =>
        Object.fromEntries(
          Object.entries(current).map(([field, edit]) => [
            field,
            { ...edit, seen: patient[field as PatientDetailField] ?? null },
          ]),
        ),
      );
    }
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      className="grid gap-4 sm:grid-cols-2"
      aria-label="Patient details"
    >
      {editable.map(({ field, label, type }) => (
        <TextField
          key={field}
          label={label}
          name={field}
          type={type ?? 'text'}
          value={edits[field]?.value ?? shown(field)}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setEdits((current) => ({
              ...current,
              [field]: { seen: current[field]?.seen ?? patient[field] ?? null, value },
            }));
          }}
          error={errors[field]}
        />
      ))}
      {changedElsewhere.length > 0 && (
        <p role="note" className="text-amber-900 sm:col-span-2">
          Changed on another device while you were editing:{' '}
          {changedElsewhere
            .map(({ field, label }) => `${label} is now ${shown(field) || show(patient[field])}`)
            .join('; ')}
          . Saving keeps what you typed instead.
        </p>
      )}
      <div className="sm:col-span-2">
        <SubmitOrKeep
          submit="Save details"
          keepLabel="Cancel"
          onKeep={() => {
            clearEdits();
            onClose();
          }}
        />
      </div>
    </form>
  );
}
