import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useReadsClinical } from '../../app/commands';
import { staffName, useStaff } from '../../app/reference';
import { useFormat } from '../../app/useFormat';
import { PrintControls, PrintHeader, type PaperSize } from './PrintHeader';
import { ageWords } from './printed';
import { digestName, useLateSignatureNote } from './signature';

/** The prescription on paper: clinic header, patient, medications, signature, printed date. */
export default function PrescriptionPrint() {
  const { prescriptionId = '' } = useParams();
  const { db } = useClinic();
  const staff = useStaff();
  const { t } = useTranslation('clinical');
  const format = useFormat();
  const lateSignatureNote = useLateSignatureNote();
  const [paper, setPaper] = useState<PaperSize>('A5');
  const clinical = useReadsClinical();
  const prescription = useLiveQuery(
    () => db.prescriptions.get(prescriptionId),
    [db, prescriptionId],
  );
  const patient = useLiveQuery(
    () => (prescription ? db.patients.get(prescription.patient_id) : undefined),
    [db, prescription?.patient_id],
  );
  if (!clinical)
    return (
      <p role="alert" className="p-4">
        {t('print.prescription.forClinicalStaff')}
      </p>
    );
  if (prescription === undefined) return <p className="p-4">{t('common:loading')}</p>;
  if (!prescription)
    return (
      <p role="alert" className="p-4">
        {t('print.prescription.notHere')}
      </p>
    );
  const late = lateSignatureNote(prescription.signed_at, prescription.signature_stored_at);
  const age = ageWords(patient, t);
  return (
    <main className="mx-auto max-w-3xl bg-white p-8 text-black print:max-w-none print:p-0">
      <PrintControls
        paper={paper}
        onPaper={setPaper}
        margin="12mm"
        back={
          prescription.visit_id
            ? `/visits/${prescription.visit_id}`
            : `/patients/${prescription.patient_id}`
        }
      />
      <PrintHeader />
      <section
        aria-label={t('print.prescription.patientSection')}
        className="mt-4 grid grid-cols-2 gap-1"
      >
        <p>
          <strong>{t('print.patient')}</strong> {patient?.full_name ?? '—'}
        </p>
        <p>
          <strong>{t('print.mrn')}</strong> {patient?.mrn ?? '—'}
        </p>
        <p>
          <strong>{t('print.age')}</strong> {age}
        </p>
        <p>
          <strong>{t('print.date')}</strong> {format.date(prescription.signed_at)}
        </p>
        {prescription.diagnosis && (
          <p className="col-span-2">
            <strong>{t('print.diagnosis')}</strong> {prescription.diagnosis}
          </p>
        )}
        {patient && patient.allergies.length > 0 && (
          <p className="col-span-2">
            <strong>{t('print.allergies')}</strong>{' '}
            {patient.allergies.map((allergy) => allergy.substance).join(', ')}
          </p>
        )}
      </section>
      {prescription.status === 'cancelled' && (
        <p className="mt-4 border-2 border-black p-2 text-xl font-bold">
          {t('print.cancelled', { reason: prescription.cancellation?.reason })}
        </p>
      )}
      <h2 className="mt-6 text-xl font-bold">{t('print.prescription.rx')}</h2>
      <table className="mt-2 w-full border-collapse text-left">
        <thead>
          <tr className="border-b border-black">
            <th scope="col" className="py-1">
              {t('print.prescription.medication')}
            </th>
            <th scope="col">{t('print.prescription.dosage')}</th>
            <th scope="col">{t('print.prescription.frequency')}</th>
            <th scope="col">{t('print.prescription.duration')}</th>
            <th scope="col">{t('print.prescription.quantity')}</th>
          </tr>
        </thead>
        <tbody>
          {prescription.medications.map((medication, index) => (
            <tr key={index} className="border-b border-slate-400 align-top">
              <td className="py-1">
                {medication.name}
                {medication.instructions && (
                  <div className="text-sm">{medication.instructions}</div>
                )}
              </td>
              <td>{medication.dosage}</td>
              <td>{medication.frequency}</td>
              <td>{medication.duration}</td>
              <td>{medication.quantity}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <footer className="mt-10 break-inside-avoid">
        <p>
          <Trans
            t={t}
            i18nKey="print.prescription.signedElectronically"
            values={{
              who: staffName(staff, prescription.signed_by),
              when: format.dateTime(prescription.signed_at),
            }}
            components={{ strong: <strong /> }}
          />
          {late && ` (${late})`}
        </p>
        <p className="font-mono text-xs break-all">
          {digestName} {prescription.content_sha256}
        </p>
        <p className="mt-2 text-sm">{t('print.printed', { when: format.dateTime(new Date()) })}</p>
      </footer>
    </main>
  );
}
