import { mayIssue, uuidv7 } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useCommands, useReadsClinical } from '../../app/commands';
import { BookAppointment } from '../appointments/BookAppointment';
import { checkInCommands } from '../appointments/checkIn';
import { visitStatusWords } from '../visits/statusWords';
import { ConsentsPanel } from './ConsentsPanel';
import { DetailsForm } from './DetailsForm';
import { PatientHistory } from './PatientHistory';
import { AllergyNote } from '../clinical/AllergyNote';
import { DocumentsPanel } from '../clinical/DocumentsPanel';
import { FormFooter } from '../../ui/Form';
import { useClinic } from '../../app/clinic';
import { PhoneLink } from '../../app/PhoneLink';
import { useClinicCountry } from '../../app/reference';
import type { PatientRow } from '../../engine/db';
import {
  buttonClass,
  Feedback,
  formText,
  secondaryButtonClass,
  SelectField,
  TextField,
} from '../../ui/Field';

/** Check in now, book, or archive: what the front desk and the doctor do from here. */
function PatientActions({ patient }: { patient: PatientRow }) {
  const { actor, db } = useClinic();
  const navigate = useNavigate();
  const { run, errors, message, setMessage } = useCommands();
  const [panel, setPanel] = useState<'book' | 'archive' | null>(null);

  // A patient already waiting or being seen is not checked in a second time: the
  // button opens the visit they have.
  const openVisit = useLiveQuery(
    () =>
      db.visits
        .where('patient_id')
        .equals(patient.patient_id)
        .filter((visit) => visit.status !== 'completed')
        .first(),
    [db, patient.patient_id],
  );

  async function checkIn() {
    const { visitId, commands } = checkInCommands(patient.patient_id, null);
    if (await run(commands, `${patient.full_name} is checked in`))
      await navigate(`/visits/${visitId}`);
  }

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
        'The record is archived',
      )
    )
      setPanel(null);
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {openVisit ? (
          <button
            type="button"
            className={buttonClass}
            onClick={() => void navigate(`/visits/${openVisit.visit_id}`)}
          >
            Open the current visit ({visitStatusWords[openVisit.status ?? 'waiting']})
          </button>
        ) : (
          mayIssue(actor.roles, 'CheckInPatient') && (
            <button type="button" className={buttonClass} onClick={() => void checkIn()}>
              Check in now (walk-in)
            </button>
          )
        )}
        {mayIssue(actor.roles, 'ScheduleAppointment') && (
          <button
            type="button"
            className={secondaryButtonClass}
            aria-expanded={panel === 'book'}
            onClick={() => setPanel(panel === 'book' ? null : 'book')}
          >
            Book an appointment
          </button>
        )}
        {mayIssue(actor.roles, 'ArchivePatient') && (
          <button
            type="button"
            className={secondaryButtonClass}
            aria-expanded={panel === 'archive'}
            onClick={() => setPanel(panel === 'archive' ? null : 'archive')}
          >
            Archive record
          </button>
        )}
      </div>
      {panel === 'book' && (
        <BookAppointment
          patient={patient}
          onBooked={(done) => {
            setPanel(null);
            setMessage(done);
          }}
        />
      )}
      {panel === 'archive' && (
        <form
          onSubmit={(event) => void archive(event)}
          noValidate
          aria-label="Archive the record"
          className="space-y-2 rounded-xl bg-white p-4 shadow"
        >
          <p>An archived record stays in the history and can be read, but not changed.</p>
          <TextField label="Reason for archiving" name="archive-reason" error={errors.reason} />
          <button type="submit" className={buttonClass}>
            Archive record
          </button>
        </form>
      )}
      <Feedback message={message} error={errors.form} />
    </div>
  );
}

export default function PatientPage() {
  const clinical = useReadsClinical();
  const { patientId = '' } = useParams();
  const { db, actor } = useClinic();
  const patient = useLiveQuery(() => db.patients.get(patientId), [db, patientId]);
  const commands = useCommands();
  const { errors, message: saved, setMessage: setSaved } = commands;
  const country = useClinicCountry();

  if (patient === undefined) return <p>Loading…</p>;

  const run = (type: string, payload: Record<string, unknown>, done: string) =>
    commands.run({ type, aggregate_type: 'patient', aggregate_id: patientId, payload }, done);

  async function saveDetails(changes: Record<string, { from: unknown; to: unknown }>) {
    if (Object.keys(changes).length === 0) {
      setSaved('Nothing changed');
      return true;
    }
    return run('UpdatePatientDetails', { changes, country }, 'Details saved on this device');
  }

  // The form element is kept before the await: React clears the event's currentTarget
  // once the handler has returned. It is emptied only when the record was taken.
  async function addAllergy(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const recorded = await run(
      'RecordAllergy',
      {
        allergy_id: uuidv7(),
        substance: formText(form, 'substance'),
        reaction: formText(form, 'reaction'),
        severity: formText(form, 'severity'),
      },
      'Allergy recorded',
    );
    if (recorded) element.reset();
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
          {patient.phone && (
            <>
              {' · '}
              <PhoneLink phone={patient.phone} />
            </>
          )}
          {patient.pending === 1 && (
            <span className="ml-2 text-amber-800">· changes not yet synced</span>
          )}
        </p>
        {clinical && <AllergyNote allergies={patient.allergies} />}
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
      {!archived && <PatientActions patient={patient} />}
      <DetailsForm patient={patient} disabled={archived} errors={errors} onSave={saveDetails} />
      {mayIssue(actor.roles, 'RecordAllergy') && !archived && (
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
          <FormFooter submit="Record allergy" span="sm:col-span-3" />
        </form>
      )}
      {!archived && <ConsentsPanel patient={patient} />}
      <DocumentsPanel patientId={patient.patient_id} />
      <PatientHistory patient={patient} />
    </section>
  );
}
