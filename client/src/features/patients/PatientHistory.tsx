import { clinicalContentOf } from '@mymedic/shared';
import { format } from 'date-fns';
import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { useReadsClinical } from '../../app/commands';
import { useClinic } from '../../app/clinic';
import { staffName, useStaff } from '../../app/reference';
import type { PatientRow } from '../../engine/db';
import { visitTypeWords } from '../appointments/BookAppointment';
import { useDescribeVitals } from '../clinical/VitalsPanel';

const VitalsChart = lazy(() => import('./VitalsChart'));

interface Entry {
  at: string;
  kind: string;
  text: string;
  link?: string;
}

/** Everything about one patient on one timeline, newest first, from this device's store. */
export function PatientHistory({ patient }: { patient: PatientRow }) {
  const { db } = useClinic();
  const staff = useStaff();
  const clinical = useReadsClinical();
  const describeVitals = useDescribeVitals();
  const id = patient.patient_id;
  const data = useLiveQuery(
    async () => ({
      appointments: await db.appointments.where('patient_id').equals(id).toArray(),
      visits: await db.visits.where('patient_id').equals(id).toArray(),
      vitals: await db.vitals.where('patient_id').equals(id).sortBy('taken_at'),
      notes: await db.notes.where('patient_id').equals(id).toArray(),
      prescriptions: await db.prescriptions.where('patient_id').equals(id).toArray(),
      documents: await db.documents.where('patient_id').equals(id).toArray(),
    }),
    [db, id],
  );
  if (!data) return <p>Loading the history…</p>;
  // The front desk sees the diary, the visits' status and the consents, never what was
  // found or given (the permission table's read rules).
  const shown = clinical
    ? data
    : {
        ...data,
        vitals: [],
        notes: [],
        prescriptions: [],
        documents: data.documents.filter(
          (document) => clinicalContentOf('DocumentAttached', document).length === 0,
        ),
      };
  const entries: Entry[] = [
    ...data.appointments.map((appointment) => ({
      at: appointment.starts_at,
      kind: 'Appointment',
      text: `${visitTypeWords[appointment.visit_type]} with ${staffName(staff, appointment.doctor_id)}: ${appointment.reason} (${appointment.status.replace('_', ' ')})`,
    })),
    ...data.visits.map((visit) => ({
      at: visit.checked_in_at ?? '',
      kind: 'Visit',
      text: `${visit.status === 'completed' ? 'Completed' : 'Open'}${clinical && visit.diagnoses.length ? `: ${visit.diagnoses.map((diagnosis) => `${diagnosis.code} ${diagnosis.description}`).join('; ')}` : ''}`,
      link: `/visits/${visit.visit_id}`,
    })),
    ...shown.vitals.map((row) => ({
      at: row.taken_at,
      kind: row.entered_in_error ? 'Vitals (entered in error)' : 'Vitals',
      text: row.entered_in_error
        ? `${describeVitals(row)} · ${row.entered_in_error.reason}`
        : describeVitals(row),
    })),
    ...shown.notes.map((note) => ({
      at: note.signature?.signed_at ?? '',
      kind: note.status === 'signed' ? 'Signed note' : 'Draft note',
      text: (note.body ?? '').slice(0, 200),
      ...(note.visit_id ? { link: `/visits/${note.visit_id}` } : {}),
    })),
    ...shown.prescriptions.map((prescription) => ({
      at: prescription.signed_at,
      kind: prescription.status === 'cancelled' ? 'Prescription (cancelled)' : 'Prescription',
      text: prescription.medications
        .map((medication) => `${medication.name} ${medication.dosage}`)
        .join(', '),
      link: `/prescriptions/${prescription.prescription_id}/print`,
    })),
    ...shown.documents.map((document) => ({
      at: '',
      kind: `Document: ${document.category.replace('_', ' ')}`,
      text: `${document.title} (${document.file_name})${document.archived ? ', archived' : ''}`,
    })),
    ...patient.consents.map((consent) => ({
      at: consent.withdrawn_at ?? consent.given_at,
      kind: consent.withdrawn_at ? 'Consent withdrawn' : 'Consent',
      text: `${consent.consent_type.replace(/_/g, ' ')}: ${consent.scope}`,
    })),
    ...(clinical ? patient.allergies : []).map((allergy) => ({
      at: '',
      kind: 'Allergy',
      text: `${allergy.substance}: ${allergy.reaction} (${allergy.severity})`,
    })),
  ].sort((left, right) => right.at.localeCompare(left.at));

  return (
    <section aria-labelledby="history-title" className="space-y-4 rounded-xl bg-white p-6 shadow">
      <h2 id="history-title" className="text-lg font-semibold">
        History
      </h2>
      {clinical && (
        <Suspense fallback={<p>Loading the charts…</p>}>
          <VitalsChart rows={data.vitals} />
        </Suspense>
      )}
      <ol className="space-y-2">
        {entries.map((entry, index) => (
          <li key={index} className="border-l-4 border-teal-700 pl-3">
            <p className="text-sm text-slate-700">
              {entry.at ? format(new Date(entry.at), 'd MMM yyyy HH:mm') : 'Recorded'} ·{' '}
              {entry.kind}
            </p>
            <p>
              {entry.link ? (
                <Link to={entry.link} className="text-teal-900 underline">
                  {entry.text || 'Open'}
                </Link>
              ) : (
                entry.text
              )}
            </p>
          </li>
        ))}
        {entries.length === 0 && <li className="text-slate-700">Nothing recorded yet.</li>}
      </ol>
    </section>
  );
}
