import {
  bmi,
  mayIssue,
  mayMarkEnteredInError,
  uuidv7,
  vitalSignFields,
  vitalSigns,
  vitalValueProblems,
  type VitalSignField,
} from '@mymedic/shared';
import { format } from 'date-fns';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useFormDraft } from '../../ui/drafts';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { staffName, useStaff } from '../../app/reference';
import type { VitalsRow } from '../../engine/db';
import { Feedback, fieldErrors, formText, secondaryButtonClass, TextField } from '../../ui/Field';
import { Form, FormFooter, ReasonForm } from '../../ui/Form';
import { Panel } from '../../ui/Panel';

const withUnit = (value: number, unit: string) => (unit === '%' ? `${value}%` : `${value} ${unit}`);

/** One measurement in words: what was measured, with units; BMI when both are there. */
export function describeVitals(row: VitalsRow): string {
  const parts: string[] = [];
  if (row.systolic !== null && row.diastolic !== null)
    parts.push(`BP ${row.systolic}/${row.diastolic} mmHg`);
  for (const sign of vitalSigns) {
    if (sign.field === 'systolic' || sign.field === 'diastolic') {
      if (row.systolic !== null && row.diastolic !== null) continue;
    }
    const value = row[sign.field];
    if (value !== null) parts.push(`${sign.label} ${withUnit(value, sign.unit)}`);
  }
  const index = bmi(row.weight_kg, row.height_cm);
  if (index !== null) parts.push(`BMI ${index}`);
  return parts.join(' · ');
}

/** The numbers typed in the form, by sign; an empty field is left out, a comma read as a point. */
function typedValues(data: FormData): Partial<Record<VitalSignField, number>> {
  const values: Partial<Record<VitalSignField, number>> = {};
  for (const sign of vitalSigns) {
    const raw = formText(data, sign.field).trim().replace(',', '.');
    if (raw !== '') values[sign.field] = Number(raw);
  }
  return values;
}

/**
 * One measurement: struck through, with who said so and why, once marked entered in
 * error; the person who took it (or a doctor) may mark it so, giving the reason.
 */
function VitalsItem({ row }: { row: VitalsRow }) {
  const { actor } = useClinic();
  const staff = useStaff();
  const { run, errors, message } = useCommands();
  const [marking, setMarking] = useState(false);
  const inError = row.entered_in_error ?? null;
  const mayMark =
    !inError &&
    mayIssue(actor.roles, 'MarkVitalsEnteredInError') &&
    mayMarkEnteredInError(row, { user_id: actor.userId, roles: actor.roles });

  async function mark(reason: string) {
    const marked = await run(
      {
        type: 'MarkVitalsEnteredInError',
        aggregate_type: 'vitals',
        aggregate_id: row.vitals_id,
        payload: { reason },
      },
      'Marked entered in error',
    );
    if (marked) setMarking(false);
  }

  const reading = (
    <>
      <span className="font-medium">{format(new Date(row.taken_at), 'HH:mm')}</span>{' '}
      {describeVitals(row)} · {staffName(staff, row.taken_by)}
    </>
  );
  return (
    <li className="space-y-1">
      <div className="flex items-start justify-between gap-3">
        <p className="min-w-0 py-2">
          {inError ? <del className="text-slate-600">{reading}</del> : reading}
          {row.pending === 1 && <span className="text-amber-800"> · not yet synced</span>}
        </p>
        {mayMark && !marking && (
          <button
            type="button"
            className={`${secondaryButtonClass} shrink-0`}
            onClick={() => setMarking(true)}
            aria-label={`Mark the vitals of ${format(new Date(row.taken_at), 'HH:mm')} entered in error`}
          >
            Entered in error…
          </button>
        )}
      </div>
      {inError && (
        <p className="text-sm font-medium text-red-800">
          Entered in error, marked by {staffName(staff, inError.marked_by)} on{' '}
          {format(new Date(inError.marked_at), 'd MMM yyyy HH:mm')}: {inError.reason}
        </p>
      )}
      {marking && (
        <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3">
          <p>
            The reading stays in the record, struck through with your name and reason, and leaves
            the charts.
          </p>
          <ReasonForm
            label="Mark the vitals entered in error"
            fieldLabel="Why were they entered in error?"
            id={`in-error-${row.vitals_id.slice(-8)}`}
            error={errors.reason}
            submit="Mark entered in error"
            onReason={mark}
            onKeep={() => setMarking(false)}
          />
        </div>
      )}
      <Feedback message={message} error={errors.form} />
    </li>
  );
}

/**
 * Records a measurement at the bedside. What the decider would refuse (a sign out of
 * its range, a combination that cannot be) is shown beside the field once the person
 * leaves it, and follows their typing from then on.
 */
export function VitalsPanel({ patientId, visitId }: { patientId: string; visitId: string | null }) {
  const { db, actor } = useClinic();
  const { run, errors, setErrors, message, setMessage } = useCommands();
  const draft = useFormDraft(`vitals:${visitId ?? patientId}`);
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const [problems, setProblems] = useState<Record<string, string>>({});
  const recorded =
    useLiveQuery(
      () =>
        visitId
          ? db.vitals.where('visit_id').equals(visitId).sortBy('taken_at')
          : db.vitals.where('patient_id').equals(patientId).sortBy('taken_at'),
      [db, patientId, visitId],
    ) ?? [];

  const check = (form: HTMLFormElement) =>
    setProblems(fieldErrors({ issues: vitalValueProblems(typedValues(new FormData(form))) }));

  async function submit(data: FormData, form: HTMLFormElement) {
    const saved = await run(
      {
        type: 'RecordVitals',
        aggregate_type: 'vitals',
        aggregate_id: uuidv7(),
        payload: { patient_id: patientId, visit_id: visitId, ...typedValues(data) },
      },
      'Vitals recorded',
    );
    if (saved) {
      form.reset();
      draft.clear();
      setLeft(new Set());
      setProblems({});
    } else {
      // Refused: every field's problem shows now, and follows the typing.
      setLeft(new Set(vitalSignFields));
      check(form);
    }
  }

  const errorOf = (field: VitalSignField) =>
    (left.has(field) ? problems[field] : undefined) ?? errors[field];
  // The fields say what is wrong; the footer says only that nothing was recorded.
  const refusal =
    errors.form && vitalSignFields.some((field) => errors[field])
      ? 'Not recorded: correct the fields marked in red'
      : errors.form;

  return (
    <Panel id="vitals-title" title="Vitals" className="">
      <ul className="my-2 space-y-2">
        {recorded.map((row) => (
          <VitalsItem key={row.vitals_id} row={row} />
        ))}
        {recorded.length === 0 && <li className="text-slate-700">None recorded yet.</li>}
      </ul>
      {mayIssue(actor.roles, 'RecordVitals') && (
        <Form
          formRef={draft.ref}
          onSubmit={submit}
          onInput={(event) => {
            if (Object.keys(errors).length > 0) setErrors({});
            setMessage(null);
            check(event.currentTarget);
          }}
          onBlur={(event) => {
            const name = (event.target as { name?: unknown }).name;
            if (typeof name !== 'string' || name === '') return;
            setLeft((current) => new Set([...current, name]));
            check(event.currentTarget);
          }}
          label="Record vitals"
          className="grid gap-3 sm:grid-cols-3"
        >
          {vitalSigns.map((sign) => (
            <TextField
              key={sign.field}
              label={`${sign.label} (${sign.unit})`}
              name={sign.field}
              inputMode="decimal"
              error={errorOf(sign.field)}
            />
          ))}
          <FormFooter
            submit="Record vitals"
            message={message}
            error={refusal}
            span="sm:col-span-3"
          />
        </Form>
      )}
    </Panel>
  );
}
