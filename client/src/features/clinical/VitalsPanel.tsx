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
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormDraft } from '../../ui/drafts';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { staffName, useStaff } from '../../app/reference';
import { useFormat } from '../../app/useFormat';
import type { VitalsRow } from '../../engine/db';
import { Feedback, fieldErrors, formText, secondaryButtonClass, TextField } from '../../ui/Field';
import { Form, FormFooter, ReasonForm } from '../../ui/Form';
import { Panel } from '../../ui/Panel';

/**
 * One measurement in words, in the person's language: what was measured, with units;
 * BMI when both weight and height are there.
 */
export function useDescribeVitals(): (row: VitalsRow) => string {
  const { t } = useTranslation('clinical');
  const format = useFormat();
  const valueOf = (field: VitalSignField, value: number) => {
    const unit = t(`vitals.units.${field}`);
    return unit === '%' ? `${format.number(value)}%` : `${format.number(value)} ${unit}`;
  };
  return (row) => {
    const pressure = row.systolic !== null && row.diastolic !== null;
    const parts: string[] = [];
    if (pressure)
      parts.push(
        t('vitals.bloodPressure', {
          systolic: format.number(row.systolic!),
          diastolic: format.number(row.diastolic!),
        }),
      );
    for (const { field } of vitalSigns) {
      if (pressure && (field === 'systolic' || field === 'diastolic')) continue;
      const value = row[field];
      if (value !== null)
        parts.push(
          t('vitals.reading', { sign: t(`vitals.signs.${field}`), value: valueOf(field, value) }),
        );
    }
    const index = bmi(row.weight_kg, row.height_cm);
    if (index !== null) parts.push(t('vitals.bmi', { value: format.number(index) }));
    return parts.join(' · ');
  };
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
  const { t } = useTranslation('clinical');
  const format = useFormat();
  const describeVitals = useDescribeVitals();
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
      t('vitals.marked'),
    );
    if (marked) setMarking(false);
  }

  const reading = (
    <>
      <span className="font-medium">{format.time(row.taken_at)}</span> {describeVitals(row)} ·{' '}
      {staffName(staff, row.taken_by)}
    </>
  );
  return (
    <li className="space-y-1">
      <div className="flex items-start justify-between gap-3">
        <p className="min-w-0 py-2">
          {inError ? <del className="text-slate-600">{reading}</del> : reading}
          {row.pending === 1 && <span className="text-amber-800"> · {t('notSynced')}</span>}
        </p>
        {mayMark && !marking && (
          <button
            type="button"
            className={`${secondaryButtonClass} shrink-0`}
            onClick={() => setMarking(true)}
            aria-label={t('vitals.markAria', { time: format.time(row.taken_at) })}
          >
            {t('vitals.markButton')}
          </button>
        )}
      </div>
      {inError && (
        <p className="text-sm font-medium text-red-800">
          {t('vitals.markedBy', {
            who: staffName(staff, inError.marked_by),
            when: format.dateTime(inError.marked_at),
            reason: inError.reason,
          })}
        </p>
      )}
      {marking && (
        <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3">
          <p>{t('vitals.markExplain')}</p>
          <ReasonForm
            label={t('vitals.markForm')}
            fieldLabel={t('vitals.markWhy')}
            id={`in-error-${row.vitals_id.slice(-8)}`}
            error={errors.reason}
            submit={t('vitals.markSubmit')}
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
  const { t } = useTranslation('clinical');
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
      t('vitals.recorded'),
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
      ? t('vitals.notRecorded')
      : errors.form;

  return (
    <Panel id="vitals-title" title={t('vitals.title')} className="">
      <ul className="my-2 space-y-2">
        {recorded.map((row) => (
          <VitalsItem key={row.vitals_id} row={row} />
        ))}
        {recorded.length === 0 && <li className="text-slate-700">{t('vitals.none')}</li>}
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
          label={t('vitals.record')}
          className="grid gap-3 sm:grid-cols-3"
        >
          {vitalSigns.map((sign) => (
            <TextField
              key={sign.field}
              label={t('vitals.field', {
                sign: t(`vitals.signs.${sign.field}`),
                unit: t(`vitals.units.${sign.field}`),
              })}
              name={sign.field}
              inputMode="decimal"
              error={errorOf(sign.field)}
            />
          ))}
          <FormFooter
            submit={t('vitals.record')}
            message={message}
            error={refusal}
            span="sm:col-span-3"
          />
        </Form>
      )}
    </Panel>
  );
}
