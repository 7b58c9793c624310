import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useReadsClinical } from '../../app/commands';
import { staffName, useOrganisation, useStaff } from '../../app/reference';
import { useDraftState } from '../../ui/drafts';
import { buttonClass, secondaryButtonClass, TextAreaField, TextField } from '../../ui/Field';
import { ToggleGroup } from '../../ui/ToggleGroup';
import { ageWords } from '../clinical/printed';
import { lateSignatureNote } from '../clinical/signature';
import { describeVitals } from '../clinical/VitalsPanel';
import { clinicDateTimeWords } from '../reports/clinicDates';

const paperSizes = ['A4', 'A5'] as const;
const documentKinds = ['Visit summary', 'Referral letter'] as const;

function PrintedSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="mt-5 break-inside-avoid">
      <h2 className="border-b border-black text-lg font-bold">{title}</h2>
      <div className="mt-1 space-y-1">{children}</div>
    </section>
  );
}

/**
 * One visit on paper, to hand to the patient or, as a referral letter, to send with them
 * to a colleague: the clinic, the patient, when and with whom, the triage, the vitals,
 * the diagnoses, the treatment plan, the signed notes and the prescriptions. Times are
 * the clinic's. Note drafts are left out: only what a doctor signed is printed. The
 * letter's addressee and reason are typed here (kept as the person's draft), not
 * recorded: the letter is the record's print, not a record of its own.
 */
export default function VisitSummaryPrint() {
  const { t } = useTranslation('visits');
  const { visitId = '' } = useParams();
  const { db } = useClinic();
  const staff = useStaff();
  const organisation = useOrganisation();
  const clinical = useReadsClinical();
  const [paper, setPaper] = useState<(typeof paperSizes)[number]>('A4');
  const [kind, setKind] = useState<(typeof documentKinds)[number]>('Visit summary');
  const [referral, setReferral] = useDraftState(`referral:${visitId}`, { to: '', reason: '' });
  const letter = kind === 'Referral letter';
  const visit = useLiveQuery(() => db.visits.get(visitId), [db, visitId]);
  const record = useLiveQuery(async () => {
    if (!visit?.patient_id) return undefined;
    const [patient, vitals, notes, prescriptions] = await Promise.all([
      db.patients.get(visit.patient_id),
      db.vitals.where('visit_id').equals(visitId).sortBy('taken_at'),
      db.notes.where('visit_id').equals(visitId).toArray(),
      db.prescriptions.where('visit_id').equals(visitId).toArray(),
    ]);
    return { patient, vitals, notes, prescriptions };
  }, [db, visitId, visit?.patient_id]);
  if (!clinical)
    return (
      <p role="alert" className="p-4">
        Visit summaries are for the clinical staff to read.
      </p>
    );
  if (visit === undefined) return <p className="p-4">Loading…</p>;
  if (!visit || !visit.patient_id)
    return (
      <p role="alert" className="p-4">
        No such visit on this device.
      </p>
    );
  const timeZone = organisation?.settings.timezone ?? 'UTC';
  const when = (instant: string) => clinicDateTimeWords(instant, timeZone);
  const patient = record?.patient;
  const signedNotes = (record?.notes ?? [])
    .filter((note) => note.signature)
    .sort((left, right) => left.signature!.signed_at.localeCompare(right.signature!.signed_at));
  const prescriptions = (record?.prescriptions ?? []).sort((left, right) =>
    left.signed_at.localeCompare(right.signed_at),
  );
  const diagnoses = [...visit.diagnoses].sort(
    (left, right) => Number(left.kind !== 'primary') - Number(right.kind !== 'primary'),
  );
  return (
    <main className="mx-auto max-w-3xl bg-white p-8 text-black print:max-w-none print:p-0">
      <style>{`@page { size: ${paper}; margin: 14mm; }`}</style>
      <div className="mb-6 flex flex-wrap gap-2 print:hidden">
        <button type="button" className={buttonClass} onClick={() => window.print()}>
          Print
        </button>
        <ToggleGroup label="Paper size" options={paperSizes} value={paper} onChange={setPaper} />
        <ToggleGroup label="Print as" options={documentKinds} value={kind} onChange={setKind} />
        <Link to={`/visits/${visit.visit_id}`} className={secondaryButtonClass}>
          Back
        </Link>
      </div>
      {letter && (
        <div className="mb-6 grid gap-3 print:hidden">
          <TextField
            label="To"
            name="referral_to"
            value={referral.to}
            onChange={(event) => setReferral({ ...referral, to: event.target.value })}
            hint="The colleague or service the patient is referred to"
          />
          <TextAreaField
            label="Reason for referral"
            name="referral_reason"
            rows={3}
            value={referral.reason}
            onChange={(event) => setReferral({ ...referral, reason: event.target.value })}
          />
        </div>
      )}
      <header className="border-b-2 border-black pb-3">
        <h1 className="text-2xl font-bold">{organisation?.settings.name ?? 'Clinic'}</h1>
        <p>{organisation?.locations[0]?.name}</p>
        <p className="mt-2 text-xl font-semibold">{kind}</p>
      </header>
      {letter && (
        <section aria-label="Referral" className="mt-4 space-y-1">
          <p>
            <strong>To:</strong> {referral.to || '—'}
          </p>
          <p className="whitespace-pre-wrap">
            <strong>Reason for referral:</strong> {referral.reason || '—'}
          </p>
          <p>
            Thank you for seeing this patient. A summary of the visit at which they were referred
            follows.
          </p>
        </section>
      )}
      <section aria-label="Patient and visit" className="mt-4 grid grid-cols-2 gap-1">
        <p>
          <strong>Patient:</strong> {patient?.full_name ?? '—'}
        </p>
        <p>
          <strong>MRN:</strong> {patient?.mrn ?? '—'}
        </p>
        <p>
          <strong>Age:</strong> {ageWords(patient) || '—'}
        </p>
        <p>
          <strong>Date:</strong> {visit.checked_in_at ? when(visit.checked_in_at) : '—'}
        </p>
        <p>
          <strong>Doctor:</strong> {visit.doctor_id ? staffName(staff, visit.doctor_id) : '—'}
        </p>
        <p>
          <strong>Status:</strong> {t(`status.${visit.status ?? 'waiting'}`)}
          {visit.completed_at && `, ${when(visit.completed_at)}`}
        </p>
        {patient && patient.allergies.length > 0 && (
          <p className="col-span-2">
            <strong>Allergies:</strong>{' '}
            {patient.allergies
              .map((allergy) => `${allergy.substance} (${allergy.reaction})`)
              .join(', ')}
          </p>
        )}
      </section>
      {visit.triage && (
        <PrintedSection title="Triage">
          <p>
            {visit.triage.priority[0]!.toUpperCase() + visit.triage.priority.slice(1)}:{' '}
            {visit.triage.complaint}
          </p>
        </PrintedSection>
      )}
      <PrintedSection title="Vitals">
        {record?.vitals.length ? (
          record.vitals.map((vitals) => (
            <p key={vitals.vitals_id}>
              {when(vitals.taken_at)}: {describeVitals(vitals)}
            </p>
          ))
        ) : (
          <p>None recorded at this visit.</p>
        )}
      </PrintedSection>
      <PrintedSection title="Diagnoses">
        {diagnoses.length ? (
          <ul>
            {diagnoses.map((diagnosis) => (
              <li key={diagnosis.diagnosis_id}>
                {diagnosis.code} {diagnosis.description}
                {diagnosis.kind === 'primary' ? ' (primary)' : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>None recorded.</p>
        )}
      </PrintedSection>
      <PrintedSection title="Treatment plan">
        {visit.treatment_plan ? (
          <>
            <p className="whitespace-pre-wrap">{visit.treatment_plan.plan}</p>
            {visit.treatment_plan.follow_up_in_days && (
              <p>Follow up in {visit.treatment_plan.follow_up_in_days} days.</p>
            )}
          </>
        ) : (
          <p>None recorded.</p>
        )}
      </PrintedSection>
      <PrintedSection title="Notes">
        {signedNotes.length ? (
          signedNotes.map((note) => {
            const late = lateSignatureNote(note.signature!.signed_at, note.signature_stored_at);
            return (
              <article key={note.note_id} className="break-inside-avoid">
                <p className="whitespace-pre-wrap">{note.body}</p>
                <p className="text-sm">
                  Signed by {staffName(staff, note.signature!.signed_by)},{' '}
                  {when(note.signature!.signed_at)}
                  {late && ` (${late})`}
                </p>
                {note.addenda.map((addendum) => (
                  <p key={addendum.addendum_id} className="ml-4 text-sm whitespace-pre-wrap">
                    Addendum by {staffName(staff, addendum.author_id)}, {when(addendum.added_at)}:{' '}
                    {addendum.body}
                  </p>
                ))}
              </article>
            );
          })
        ) : (
          <p>No signed notes.</p>
        )}
      </PrintedSection>
      <PrintedSection title="Prescriptions">
        {prescriptions.length ? (
          prescriptions.map((prescription) => (
            <div key={prescription.prescription_id} className="break-inside-avoid">
              {prescription.status === 'cancelled' && (
                <p className="font-bold">CANCELLED: {prescription.cancellation?.reason}</p>
              )}
              <ul>
                {prescription.medications.map((medication, index) => (
                  <li key={index}>
                    {medication.name} {medication.dosage}, {medication.frequency},{' '}
                    {medication.duration} (quantity {medication.quantity})
                    {medication.instructions && `: ${medication.instructions}`}
                  </li>
                ))}
              </ul>
              <p className="text-sm">
                Signed by {staffName(staff, prescription.signed_by)}, {when(prescription.signed_at)}
              </p>
            </div>
          ))
        ) : (
          <p>None issued.</p>
        )}
      </PrintedSection>
      <footer className="mt-10 break-inside-avoid text-sm">
        {letter && (
          <div className="mb-6 text-base">
            <p>Yours sincerely,</p>
            <p className="mt-10 w-64 border-t border-black pt-1">
              {visit.doctor_id ? staffName(staff, visit.doctor_id) : 'Doctor'}
            </p>
          </div>
        )}
        <p>
          Printed {when(new Date().toISOString())} ({timeZone})
        </p>
      </footer>
    </main>
  );
}
