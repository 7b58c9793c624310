import { format } from 'date-fns';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useReadsClinical } from '../../app/commands';
import { staffName, useOrganisation, useStaff } from '../../app/reference';
import { buttonClass, secondaryButtonClass } from '../../ui/Field';
import { ToggleGroup } from '../../ui/ToggleGroup';
import { ageWords } from './printed';
import { lateSignatureNote } from './signature';

const paperSizes = ['A4', 'A5'] as const;

/** The prescription on paper: clinic header, patient, medications, signature, printed date. */
export default function PrescriptionPrint() {
  const { prescriptionId = '' } = useParams();
  const { db } = useClinic();
  const staff = useStaff();
  const organisation = useOrganisation();
  const [paper, setPaper] = useState<(typeof paperSizes)[number]>('A5');
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
        Prescriptions are for the clinical staff to read.
      </p>
    );
  if (prescription === undefined) return <p className="p-4">Loading…</p>;
  if (!prescription)
    return (
      <p role="alert" className="p-4">
        No such prescription on this device.
      </p>
    );
  const late = lateSignatureNote(prescription.signed_at, prescription.signature_stored_at);
  const age = ageWords(patient);
  return (
    <main className="mx-auto max-w-3xl bg-white p-8 text-black print:max-w-none print:p-0">
      <style>{`@page { size: ${paper}; margin: 12mm; }`}</style>
      <div className="mb-6 flex flex-wrap gap-2 print:hidden">
        <button type="button" className={buttonClass} onClick={() => window.print()}>
          Print
        </button>
        <ToggleGroup label="Paper size" options={paperSizes} value={paper} onChange={setPaper} />
        <Link
          to={
            prescription.visit_id
              ? `/visits/${prescription.visit_id}`
              : `/patients/${prescription.patient_id}`
          }
          className={secondaryButtonClass}
        >
          Back
        </Link>
      </div>
      <header className="border-b-2 border-black pb-3">
        <h1 className="text-2xl font-bold">{organisation?.settings.name ?? 'Clinic'}</h1>
        <p>{organisation?.locations[0]?.name}</p>
      </header>
      <section aria-label="Patient" className="mt-4 grid grid-cols-2 gap-1">
        <p>
          <strong>Patient:</strong> {patient?.full_name ?? '—'}
        </p>
        <p>
          <strong>MRN:</strong> {patient?.mrn ?? '—'}
        </p>
        <p>
          <strong>Age:</strong> {age}
        </p>
        <p>
          <strong>Date:</strong> {format(new Date(prescription.signed_at), 'd MMMM yyyy')}
        </p>
        {prescription.diagnosis && (
          <p className="col-span-2">
            <strong>Diagnosis:</strong> {prescription.diagnosis}
          </p>
        )}
        {patient && patient.allergies.length > 0 && (
          <p className="col-span-2">
            <strong>Allergies:</strong>{' '}
            {patient.allergies.map((allergy) => allergy.substance).join(', ')}
          </p>
        )}
      </section>
      {prescription.status === 'cancelled' && (
        <p className="mt-4 border-2 border-black p-2 text-xl font-bold">
          CANCELLED: {prescription.cancellation?.reason}
        </p>
      )}
      <h2 className="mt-6 text-xl font-bold">Rx</h2>
      <table className="mt-2 w-full border-collapse text-left">
        <thead>
          <tr className="border-b border-black">
            <th scope="col" className="py-1">
              Medication
            </th>
            <th scope="col">Dosage</th>
            <th scope="col">Frequency</th>
            <th scope="col">Duration</th>
            <th scope="col">Qty</th>
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
          <strong>Signed electronically by</strong> {staffName(staff, prescription.signed_by)},{' '}
          {format(new Date(prescription.signed_at), 'd MMM yyyy HH:mm')}
          {late && ` (${late})`}
        </p>
        <p className="font-mono text-xs break-all">SHA-256 {prescription.content_sha256}</p>
        <p className="mt-2 text-sm">Printed {format(new Date(), 'd MMM yyyy HH:mm')}</p>
      </footer>
    </main>
  );
}
