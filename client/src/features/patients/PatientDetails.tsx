import { mayIssue } from '@mymedic/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { usePhoneText, useClinicCountry } from '../../app/reference';
import { useFormat } from '../../app/useFormat';
import type { PatientRow } from '../../engine/db';
import { draftOf } from '../../engine/lock';
import { buttonClass, Feedback, formText, secondaryButtonClass, TextField } from '../../ui/Field';
import { Panel } from '../../ui/Panel';
import { ConsentsPanel } from './ConsentsPanel';
import { DetailsForm, editable } from './DetailsForm';

/** The details as read, each label (term) over its value. */
function DetailsList({ patient }: { patient: PatientRow }) {
  const { t } = useTranslation('patients');
  const phoneText = usePhoneText();
  const format = useFormat();
  const shown = (field: (typeof editable)[number]['field']) => {
    const value = patient[field] as string | null;
    if (!value) return t('details.notRecorded');
    if (field === 'date_of_birth') return format.calendarDay(value);
    return field === 'phone' ? phoneText(value) : value;
  };
  return (
    <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-2">
      {editable.map(({ field }) => (
        <div key={field}>
          <dt className="text-sm font-medium text-slate-700">{t(`details.field.${field}`)}</dt>
          <dd>{shown(field)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The details, read, with the form opened by "Edit details" (or by typing kept from before). */
function Details({ patient }: { patient: PatientRow }) {
  const { t } = useTranslation('patients');
  const { actor } = useClinic();
  const commands = useCommands();
  const { errors, message, setMessage } = commands;
  const country = useClinicCountry();
  // Typing kept from before the lock or a reload opens the form again, with it.
  const [editing, setEditing] = useState(() => {
    const draft = draftOf<Record<string, unknown>>(`patient-details:${patient.patient_id}`);
    return draft !== undefined && Object.keys(draft).length > 0;
  });
  const mayEdit = patient.archived === 0 && mayIssue(actor.roles, 'UpdatePatientDetails');

  async function save(changes: Record<string, { from: unknown; to: unknown }>) {
    if (Object.keys(changes).length === 0) {
      setMessage(t('details.nothingChanged'));
      return true;
    }
    return commands.run(
      {
        type: 'UpdatePatientDetails',
        aggregate_type: 'patient',
        aggregate_id: patient.patient_id,
        payload: { changes, country },
      },
      t('details.saved'),
    );
  }

  return (
    <Panel id="details-title" title={t('details.title')}>
      {editing ? (
        <DetailsForm
          patient={patient}
          errors={errors}
          onSave={save}
          onClose={() => setEditing(false)}
        />
      ) : (
        <>
          <DetailsList patient={patient} />
          {mayEdit && (
            <button
              type="button"
              className={secondaryButtonClass}
              onClick={() => {
                setMessage(null);
                setEditing(true);
              }}
            >
              {t('details.edit')}
            </button>
          )}
        </>
      )}
      <Feedback message={message} error={errors.form} />
    </Panel>
  );
}

/** Archiving asks for the reason first; the record stays readable. */
function Archive({ patient }: { patient: PatientRow }) {
  const { t } = useTranslation('patients');
  const { run, errors, message } = useCommands();
  const [asking, setAsking] = useState(false);

  async function archive(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (
      await run(
        {
          type: 'ArchivePatient',
          aggregate_type: 'patient',
          aggregate_id: patient.patient_id,
          payload: { reason: formText(form, 'archive-reason') },
        },
        t('archive.done'),
      )
    )
      setAsking(false);
  }

  return (
    <div className="space-y-2">
      {asking ? (
        <form
          onSubmit={(event) => void archive(event)}
          noValidate
          aria-label={t('archive.form')}
          className="space-y-2 rounded-xl bg-white p-4 shadow"
        >
          <p>{t('archive.explain')}</p>
          <TextField label={t('archive.reason')} name="archive-reason" error={errors.reason} />
          <div className="flex flex-wrap gap-2">
            <button type="submit" className={buttonClass}>
              {t('archive.submit')}
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setAsking(false)}>
              {t('archive.keep')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className={secondaryButtonClass} onClick={() => setAsking(true)}>
          {t('archive.open')}
        </button>
      )}
      <Feedback message={message} error={errors.form} />
    </div>
  );
}

/** The Details tab: contacts and identity, consents, and archiving. */
export function PatientDetails({ patient }: { patient: PatientRow }) {
  const { actor } = useClinic();
  const archived = patient.archived === 1;
  return (
    <div className="space-y-4">
      <Details patient={patient} />
      {!archived && <ConsentsPanel patient={patient} />}
      {!archived && mayIssue(actor.roles, 'ArchivePatient') && <Archive patient={patient} />}
    </div>
  );
}
