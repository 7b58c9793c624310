import { jsonEqual, type PatientDetailField } from '@mymedic/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhoneText } from '../../app/reference';
import { show } from '../../engine/conflicts';
import type { PatientRow } from '../../engine/db';
import { useDraftState } from '../../ui/drafts';
import { TextField } from '../../ui/Field';
import { SubmitOrKeep } from '../../ui/Form';

/** The fields a person edits here, labelled by `patients:details.field.<field>`. */
export const editable: { field: PatientDetailField; type?: string }[] = [
  { field: 'full_name' },
  { field: 'phone', type: 'tel' },
  { field: 'email', type: 'email' },
  { field: 'date_of_birth', type: 'date' },
  { field: 'national_id' },
  { field: 'preferred_language' },
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
  const { t } = useTranslation('patients');
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
      aria-label={t('details.form')}
    >
      {editable.map(({ field, type }) => (
        <TextField
          key={field}
          label={t(`details.field.${field}`)}
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
          {t('details.changedElsewhere', {
            changes: changedElsewhere
              .map(({ field }) =>
                t('details.nowIs', {
                  field: t(`details.field.${field}`),
                  value: shown(field) || show(patient[field]),
                }),
              )
              .join('; '),
          })}
        </p>
      )}
      <div className="sm:col-span-2">
        <SubmitOrKeep
          submit={t('details.save')}
          keepLabel={t('common:cancel')}
          onKeep={() => {
            clearEdits();
            onClose();
          }}
        />
      </div>
    </form>
  );
}
