import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useReadsClinical } from '../../app/commands';
import { staffName, useStaff } from '../../app/reference';
import { useFormat } from '../../app/useFormat';
import { useDraftState } from '../../ui/drafts';
import { TextAreaField, TextField } from '../../ui/Field';
import { ToggleGroup } from '../../ui/ToggleGroup';
import { PrintControls, PrintHeader, type PaperSize } from '../clinical/PrintHeader';
import { ageWords } from '../clinical/printed';
import { useLateSignatureNote } from '../clinical/signature';
import { useDescribeVitals } from '../clinical/VitalsPanel';

const documentKinds = ['summary', 'referral'] as const;

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
 * the clinic's, written in the person's language. Note drafts are left out: only what a doctor signed is printed. The
 * letter's addressee and reason are typed here (kept as the person's draft), not
 * recorded: the letter is the record's print, not a record of its own.
 */
export default function VisitSummaryPrint() {
  const { visitId = '' } = useParams();
  const { db } = useClinic();
  const staff = useStaff();
  const { t } = useTranslation('clinical');
  const format = useFormat();
  const describeVitals = useDescribeVitals();
  const lateSignatureNote = useLateSignatureNote();
  const clinical = useReadsClinical();
  const [paper, setPaper] = useState<PaperSize>('A4');
  const [kind, setKind] = useState<(typeof documentKinds)[number]>('summary');
  const [referral, setReferral] = useDraftState(`referral:${visitId}`, { to: '', reason: '' });
  const letter = kind === 'referral';
  const kindWords = (option: (typeof documentKinds)[number]) => t(`print.visit.kinds.${option}`);
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
        {t('print.visit.forClinicalStaff')}
      </p>
    );
  if (visit === undefined) return <p className="p-4">{t('common:loading')}</p>;
  if (!visit || !visit.patient_id)
    return (
      <p role="alert" className="p-4">
        {t('print.visit.notHere')}
      </p>
    );
  const when = (instant: string) => format.dateTime(instant);
  const patient = record?.patient;
  const signedNotes = (record?.notes ?? [])
    .filter((note) => note.signature)
    .sort((left, right) => left.signature!.signed_at.localeCompare(right.signature!.signed_at));
  const prescriptions = (record?.prescriptions ?? []).sort((left, right) =>
    left.signed_at.localeCompare(right.signed_at),
  );
  const status = t(`print.visit.statusWords.${visit.status ?? 'waiting'}`);
  const statusWords = visit.completed_at
    ? t('print.visit.statusAt', { status, when: when(visit.completed_at) })
    : status;
  const diagnoses = [...visit.diagnoses].sort(
    (left, right) => Number(left.kind !== 'primary') - Number(right.kind !== 'primary'),
  );
  return (
    <main className="mx-auto max-w-3xl bg-white p-8 text-black print:max-w-none print:p-0">
      <PrintControls
        paper={paper}
        onPaper={setPaper}
        margin="14mm"
        back={`/visits/${visit.visit_id}`}
      >
        <ToggleGroup
          label={t('print.visit.printAs')}
          options={documentKinds}
          value={kind}
          onChange={setKind}
          words={kindWords}
        />
      </PrintControls>
      {letter && (
        <div className="mb-6 grid gap-3 print:hidden">
          <TextField
            label={t('print.visit.to')}
            name="referral_to"
            value={referral.to}
            onChange={(event) => setReferral({ ...referral, to: event.target.value })}
            hint={t('print.visit.toHint')}
          />
          <TextAreaField
            label={t('print.visit.reason')}
            name="referral_reason"
            rows={3}
            value={referral.reason}
            onChange={(event) => setReferral({ ...referral, reason: event.target.value })}
          />
        </div>
      )}
      <PrintHeader title={kindWords(kind)} />
      {letter && (
        <section aria-label={t('print.visit.referralSection')} className="mt-4 space-y-1">
          <p>
            <strong>{t('print.visit.toLabel')}</strong> {referral.to || '—'}
          </p>
          <p className="whitespace-pre-wrap">
            <strong>{t('print.visit.reasonLabel')}</strong> {referral.reason || '—'}
          </p>
          <p>{t('print.visit.thanks')}</p>
        </section>
      )}
      <section aria-label={t('print.visit.patientSection')} className="mt-4 grid grid-cols-2 gap-1">
        <p>
          <strong>{t('print.patient')}</strong> {patient?.full_name ?? '—'}
        </p>
        <p>
          <strong>{t('print.mrn')}</strong> {patient?.mrn ?? '—'}
        </p>
        <p>
          <strong>{t('print.age')}</strong> {ageWords(patient, t) || '—'}
        </p>
        <p>
          <strong>{t('print.date')}</strong> {visit.checked_in_at ? when(visit.checked_in_at) : '—'}
        </p>
        <p>
          <strong>{t('print.doctor')}</strong>{' '}
          {visit.doctor_id ? staffName(staff, visit.doctor_id) : '—'}
        </p>
        <p>
          <strong>{t('print.status')}</strong> {statusWords}
        </p>
        {patient && patient.allergies.length > 0 && (
          <p className="col-span-2">
            <strong>{t('print.allergies')}</strong>{' '}
            {patient.allergies
              .map((allergy) => `${allergy.substance} (${allergy.reaction})`)
              .join(', ')}
          </p>
        )}
      </section>
      {visit.triage && (
        <PrintedSection title={t('print.visit.triage')}>
          <p>
            {t('print.visit.triageLine', {
              priority: t(`print.visit.priorities.${visit.triage.priority}`),
              complaint: visit.triage.complaint,
            })}
          </p>
        </PrintedSection>
      )}
      <PrintedSection title={t('print.visit.vitals')}>
        {record?.vitals.length ? (
          record.vitals.map((vitals) => (
            <p key={vitals.vitals_id}>
              {t('print.visit.vitalsLine', {
                when: when(vitals.taken_at),
                vitals: describeVitals(vitals),
              })}
            </p>
          ))
        ) : (
          <p>{t('print.visit.noVitals')}</p>
        )}
      </PrintedSection>
      <PrintedSection title={t('print.visit.diagnoses')}>
        {diagnoses.length ? (
          <ul>
            {diagnoses.map((diagnosis) => (
              <li key={diagnosis.diagnosis_id}>
                {diagnosis.kind === 'primary'
                  ? t('print.visit.primaryDiagnosis', {
                      code: diagnosis.code,
                      description: diagnosis.description,
                    })
                  : `${diagnosis.code} ${diagnosis.description}`}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('print.visit.noneRecorded')}</p>
        )}
      </PrintedSection>
      <PrintedSection title={t('print.visit.plan')}>
        {visit.treatment_plan ? (
          <>
            <p className="whitespace-pre-wrap">{visit.treatment_plan.plan}</p>
            {visit.treatment_plan.follow_up_in_days && (
              <p>{t('diagnosis.followUp', { count: visit.treatment_plan.follow_up_in_days })}</p>
            )}
          </>
        ) : (
          <p>{t('print.visit.noneRecorded')}</p>
        )}
      </PrintedSection>
      <PrintedSection title={t('print.visit.notes')}>
        {signedNotes.length ? (
          signedNotes.map((note) => {
            const late = lateSignatureNote(note.signature!.signed_at, note.signature_stored_at);
            return (
              <article key={note.note_id} className="break-inside-avoid">
                <p className="whitespace-pre-wrap">{note.body}</p>
                <p className="text-sm">
                  {t('print.signedBy', {
                    who: staffName(staff, note.signature!.signed_by),
                    when: when(note.signature!.signed_at),
                  })}
                  {late && ` (${late})`}
                </p>
                {note.addenda.map((addendum) => (
                  <p key={addendum.addendum_id} className="ml-4 text-sm whitespace-pre-wrap">
                    {t('print.visit.addendum', {
                      who: staffName(staff, addendum.author_id),
                      when: when(addendum.added_at),
                      body: addendum.body,
                    })}
                  </p>
                ))}
              </article>
            );
          })
        ) : (
          <p>{t('print.visit.noNotes')}</p>
        )}
      </PrintedSection>
      <PrintedSection title={t('print.visit.prescriptions')}>
        {prescriptions.length ? (
          prescriptions.map((prescription) => (
            <div key={prescription.prescription_id} className="break-inside-avoid">
              {prescription.status === 'cancelled' && (
                <p className="font-bold">
                  {t('print.cancelled', { reason: prescription.cancellation?.reason })}
                </p>
              )}
              <ul>
                {prescription.medications.map((medication, index) => (
                  <li key={index}>
                    {t('print.visit.medicationLine', {
                      name: medication.name,
                      dosage: medication.dosage,
                      frequency: medication.frequency,
                      duration: medication.duration,
                      quantity: medication.quantity,
                    })}
                    {medication.instructions && `: ${medication.instructions}`}
                  </li>
                ))}
              </ul>
              <p className="text-sm">
                {t('print.signedBy', {
                  who: staffName(staff, prescription.signed_by),
                  when: when(prescription.signed_at),
                })}
              </p>
            </div>
          ))
        ) : (
          <p>{t('print.visit.noPrescriptions')}</p>
        )}
      </PrintedSection>
      <footer className="mt-10 break-inside-avoid text-sm">
        {letter && (
          <div className="mb-6 text-base">
            <p>{t('print.visit.closing')}</p>
            <p className="mt-10 w-64 border-t border-black pt-1">
              {visit.doctor_id ? staffName(staff, visit.doctor_id) : t('print.visit.doctor')}
            </p>
          </div>
        )}
        <p>
          {t('print.visit.printedIn', {
            when: when(new Date().toISOString()),
            zone: format.timeZone,
          })}
        </p>
      </footer>
    </main>
  );
}
