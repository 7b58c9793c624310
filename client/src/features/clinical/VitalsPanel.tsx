import { bmi, mayIssue, uuidv7, vitalSigns, type VitalSignField } from '@mymedic/shared';
import { format } from 'date-fns';
import { useLiveQuery } from 'dexie-react-hooks';
import { useFormDraft } from '../../ui/drafts';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { staffName, useStaff } from '../../app/reference';
import type { VitalsRow } from '../../engine/db';
import { formText, TextField } from '../../ui/Field';
import { Form, FormFooter } from '../../ui/Form';
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

/** Records a measurement at the bedside; implausible values are refused beside the field. */
export function VitalsPanel({ patientId, visitId }: { patientId: string; visitId: string | null }) {
  const { db, actor } = useClinic();
  const staff = useStaff();
  const { run, errors, message } = useCommands();
  const draft = useFormDraft(`vitals:${visitId ?? patientId}`);
  const recorded =
    useLiveQuery(
      () =>
        visitId
          ? db.vitals.where('visit_id').equals(visitId).sortBy('taken_at')
          : db.vitals.where('patient_id').equals(patientId).sortBy('taken_at'),
      [db, patientId, visitId],
    ) ?? [];

  async function submit(data: FormData, form: HTMLFormElement) {
    const values: Partial<Record<VitalSignField, number>> = {};
    for (const sign of vitalSigns) {
      const raw = formText(data, sign.field).trim().replace(',', '.');
      if (raw !== '') values[sign.field] = Number(raw);
    }
    const saved = await run(
      {
        type: 'RecordVitals',
        aggregate_type: 'vitals',
        aggregate_id: uuidv7(),
        payload: { patient_id: patientId, visit_id: visitId, ...values },
      },
      'Vitals recorded',
    );
    if (saved) {
      form.reset();
      draft.clear();
    }
  }

  return (
    <Panel id="vitals-title" title="Vitals" className="">
      <ul className="my-2 space-y-1">
        {recorded.map((row) => (
          <li key={row.vitals_id}>
            <span className="font-medium">{format(new Date(row.taken_at), 'HH:mm')}</span>{' '}
            {describeVitals(row)} · {staffName(staff, row.taken_by)}
            {row.pending === 1 && <span className="text-amber-800"> · not yet synced</span>}
          </li>
        ))}
        {recorded.length === 0 && <li className="text-slate-700">None recorded yet.</li>}
      </ul>
      {mayIssue(actor.roles, 'RecordVitals') && (
        <Form
          formRef={draft.ref}
          onSubmit={submit}
          label="Record vitals"
          className="grid gap-3 sm:grid-cols-3"
        >
          {vitalSigns.map((sign) => (
            <TextField
              key={sign.field}
              label={`${sign.label} (${sign.unit})`}
              name={sign.field}
              inputMode="decimal"
              error={errors[sign.field]}
            />
          ))}
          <FormFooter
            submit="Record vitals"
            message={message}
            error={errors.form}
            span="sm:col-span-3"
          />
        </Form>
      )}
    </Panel>
  );
}
