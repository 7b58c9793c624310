import {
  isDomainError,
  jsonEqual,
  mayIssue,
  uuidv7,
  type PatientDetailField,
} from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useClinic } from '../../app/clinic';
import { execute } from '../../engine/engine';
import { buttonClass, fieldErrors, formText, SelectField, TextField } from '../../ui/Field';

const editable: { field: PatientDetailField; label: string; type?: string }[] = [
  { field: 'full_name', label: 'Full name' },
  { field: 'phone', label: 'Phone', type: 'tel' },
  { field: 'email', label: 'Email', type: 'email' },
  { field: 'date_of_birth', label: 'Date of birth', type: 'date' },
  { field: 'national_id', label: 'National id' },
  { field: 'preferred_language', label: 'Preferred language' },
];

export default function PatientPage() {
  const { patientId = '' } = useParams();
  const { db, actor } = useClinic();
  const patient = useLiveQuery(() => db.patients.get(patientId), [db, patientId]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);

  if (patient === undefined) return <p>Loading…</p>;

  const run = async (type: string, payload: Record<string, unknown>, done: string) => {
    try {
      await execute(db, actor, {
        type,
        aggregate_type: 'patient',
        aggregate_id: patientId,
        payload,
      });
      setErrors({});
      setSaved(done);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      setErrors({ ...fieldErrors(error.details), form: error.message });
    }
  };

  async function saveDetails(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const { field } of editable) {
      const raw = formText(form, field).trim();
      const to = raw === '' ? null : raw;
      const from = patient![field] ?? null;
      if (!jsonEqual(from, to)) changes[field] = { from, to };
    }
    if (Object.keys(changes).length === 0) return setSaved('Nothing changed');
    await run('UpdatePatientDetails', { changes }, 'Details saved on this device');
  }

  async function addAllergy(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await run(
      'RecordAllergy',
      {
        allergy_id: uuidv7(),
        substance: formText(form, 'substance'),
        reaction: formText(form, 'reaction'),
        severity: formText(form, 'severity'),
      },
      'Allergy recorded',
    );
    event.currentTarget.reset();
  }

  async function addConsent(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await run(
      'RecordConsent',
      {
        consent_id: uuidv7(),
        consent_type: formText(form, 'consent_type'),
        scope: formText(form, 'scope'),
      },
      'Consent recorded',
    );
  }

  if (patient === null || !patient) return <p role="alert">No such patient on this device.</p>;
  const archived = patient.archived === 1;
  return (
    <section aria-labelledby="patient-title" className="space-y-6">
      <div>
        <h1 id="patient-title" className="text-2xl font-semibold">
          {patient.full_name}{' '}
          {archived && <span className="text-base text-slate-700">(archived)</span>}
        </h1>
        <p className="text-slate-700">
          MRN {patient.mrn} · {patient.gender} ·{' '}
          {patient.date_of_birth ?? `born about ${patient.birth_year_estimate}`}
          {patient.pending === 1 && (
            <span className="ml-2 text-amber-800">· changes not yet synced</span>
          )}
        </p>
        {patient.allergies.length > 0 && (
          <p role="note" className="mt-2 rounded-lg bg-red-50 p-2 font-medium text-red-900">
            Allergies:{' '}
            {patient.allergies
              .map((allergy) => `${allergy.substance} (${allergy.severity})`)
              .join(', ')}
          </p>
        )}
      </div>
      {saved && (
        <p role="status" className="text-emerald-800">
          {saved}
        </p>
      )}
      {errors.form && (
        <p role="alert" className="text-red-800">
          {errors.form}
        </p>
      )}
      <form
        key={patient.version}
        onSubmit={(event) => void saveDetails(event)}
        noValidate
        className="grid gap-4 rounded-xl bg-white p-6 shadow sm:grid-cols-2"
        aria-label="Patient details"
      >
        <h2 className="text-lg font-semibold sm:col-span-2">Details</h2>
        {editable.map(({ field, label, type }) => (
          <TextField
            key={field}
            label={label}
            name={field}
            type={type ?? 'text'}
            defaultValue={(patient[field] as string | null) ?? ''}
            error={errors[field]}
            disabled={archived}
          />
        ))}
        <div className="sm:col-span-2">
          <button type="submit" className={buttonClass} disabled={archived}>
            Save details
          </button>
        </div>
      </form>
      {mayIssue(actor.role, 'RecordAllergy') && !archived && (
        <form
          onSubmit={(event) => void addAllergy(event)}
          noValidate
          className="grid gap-4 rounded-xl bg-white p-6 shadow sm:grid-cols-3"
          aria-label="Record an allergy"
        >
          <h2 className="text-lg font-semibold sm:col-span-3">Record an allergy</h2>
          <TextField label="Substance" name="substance" error={errors.substance} />
          <TextField label="Reaction" name="reaction" error={errors.reaction} />
          <SelectField
            label="Severity"
            name="severity"
            defaultValue="moderate"
            error={errors.severity}
          >
            <option value="mild">Mild</option>
            <option value="moderate">Moderate</option>
            <option value="severe">Severe</option>
            <option value="unknown">Unknown</option>
          </SelectField>
          <div className="sm:col-span-3">
            <button type="submit" className={buttonClass}>
              Record allergy
            </button>
          </div>
        </form>
      )}
      {!archived && (
        <form
          onSubmit={(event) => void addConsent(event)}
          noValidate
          className="grid gap-4 rounded-xl bg-white p-6 shadow sm:grid-cols-2"
          aria-label="Record a consent"
        >
          <h2 className="text-lg font-semibold sm:col-span-2">Consents</h2>
          <ul className="sm:col-span-2">
            {patient.consents.map((consent) => (
              <li key={consent.consent_id}>
                {consent.consent_type.replace(/_/g, ' ')}: {consent.scope}{' '}
                {consent.withdrawn_at ? '(withdrawn)' : ''}
              </li>
            ))}
          </ul>
          <SelectField label="Kind of consent" name="consent_type" defaultValue="treatment">
            <option value="treatment">Treatment</option>
            <option value="data_sharing">Data sharing</option>
            <option value="sms_reminders">SMS reminders</option>
            <option value="whatsapp_reminders">WhatsApp reminders</option>
            <option value="email_reminders">Email reminders</option>
            <option value="photography">Photography</option>
            <option value="research">Research</option>
          </SelectField>
          <TextField label="Scope" name="scope" error={errors.scope} />
          <div className="sm:col-span-2">
            <button type="submit" className={buttonClass}>
              Record consent
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
