import { clinicalContentOf } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useReadsClinical } from '../../app/commands';
import { useClinic } from '../../app/clinic';
import { staffName, useStaff } from '../../app/reference';
import { useFormat } from '../../app/useFormat';
import type { PatientRow } from '../../engine/db';
import { useDescribeVitals } from '../clinical/VitalsPanel';
import { useConsentWords } from './ConsentsPanel';

const VitalsChart = lazy(() => import('./VitalsChart'));

interface Entry {
  at: string;
  kind: string;
  text: string;
  link?: string;
}

/** Everything about one patient on one timeline, newest first, from this device's store. */
export function PatientHistory({ patient }: { patient: PatientRow }) {
  const { t } = useTranslation(['patients', 'appointments']);
  const formats = useFormat();
  const consentWords = useConsentWords();
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
  if (!data) return <p>{t('history.loading')}</p>;
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
  /** A visit's state, with what was found once the reader may see it. */
  const visitText = (visit: (typeof data.visits)[number]) => {
    const status =
      visit.status === 'completed' ? t('history.visitCompleted') : t('history.visitOpen');
    if (!clinical || visit.diagnoses.length === 0) return status;
    const diagnoses = visit.diagnoses
      .map((diagnosis) => `${diagnosis.code} ${diagnosis.description}`)
      .join('; ');
    return t('history.visitDiagnoses', { status, diagnoses });
  };
  const entries: Entry[] = [
    ...data.appointments.map((appointment) => ({
      at: appointment.starts_at,
      kind: t('history.kind.appointment'),
      text: t('history.appointment', {
        visitType: t(`appointments:visitType.${appointment.visit_type}`),
        doctor: staffName(staff, appointment.doctor_id),
        reason: appointment.reason,
        status: t(`history.appointmentStatus.${appointment.status}`),
      }),
    })),
    ...data.visits.map((visit) => ({
      at: visit.checked_in_at ?? '',
      kind: t('history.kind.visit'),
      text: visitText(visit),
      link: `/visits/${visit.visit_id}`,
    })),
    ...shown.vitals.map((row) => ({
      at: row.taken_at,
      kind: row.entered_in_error ? t('history.kind.vitalsInError') : t('history.kind.vitals'),
      text: row.entered_in_error
        ? `${describeVitals(row)} · ${row.entered_in_error.reason}`
        : describeVitals(row),
    })),
    ...shown.notes.map((note) => ({
      at: note.signature?.signed_at ?? '',
      kind: note.status === 'signed' ? t('history.kind.signedNote') : t('history.kind.draftNote'),
      text: (note.body ?? '').slice(0, 200),
      ...(note.visit_id ? { link: `/visits/${note.visit_id}` } : {}),
    })),
    ...shown.prescriptions.map((prescription) => ({
      at: prescription.signed_at,
      kind:
        prescription.status === 'cancelled'
          ? t('history.kind.prescriptionCancelled')
          : t('history.kind.prescription'),
      text: prescription.medications
        .map((medication) => `${medication.name} ${medication.dosage}`)
        .join(', '),
      link: `/prescriptions/${prescription.prescription_id}/print`,
    })),
    ...shown.documents.map((document) => ({
      at: '',
      kind: t('history.kind.document', {
        category: t(`history.documentCategory.${document.category}`),
      }),
      text: t(document.archived ? 'history.documentArchived' : 'history.document', {
        title: document.title,
        file: document.file_name,
      }),
    })),
    ...patient.consents.map((consent) => ({
      at: consent.withdrawn_at ?? consent.given_at,
      kind: consent.withdrawn_at ? t('history.kind.consentWithdrawn') : t('history.kind.consent'),
      text: `${consentWords.label(consent.consent_type)}: ${consent.scope}`,
    })),
    ...(clinical ? patient.allergies : []).map((allergy) => ({
      at: '',
      kind: t('history.kind.allergy'),
      text: t('history.allergy', {
        substance: allergy.substance,
        reaction: allergy.reaction,
        severity: t(`allergies.severity.${allergy.severity}`),
      }),
    })),
  ].sort((left, right) => right.at.localeCompare(left.at));

  return (
    <section aria-labelledby="history-title" className="space-y-4 rounded-xl bg-white p-6 shadow">
      <h2 id="history-title" className="text-lg font-semibold">
        {t('history.title')}
      </h2>
      {clinical && (
        <Suspense fallback={<p>{t('history.loadingCharts')}</p>}>
          <VitalsChart rows={data.vitals} />
        </Suspense>
      )}
      <ol className="space-y-2">
        {entries.map((entry, index) => (
          <li key={index} className="border-l-4 border-teal-700 pl-3">
            <p className="text-sm text-slate-700">
              {entry.at ? formats.dateTime(entry.at) : t('history.recorded')} · {entry.kind}
            </p>
            <p>
              {entry.link ? (
                <Link to={entry.link} className="text-teal-900 underline">
                  {entry.text || t('history.open')}
                </Link>
              ) : (
                entry.text
              )}
            </p>
          </li>
        ))}
        {entries.length === 0 && <li className="text-slate-700">{t('history.none')}</li>}
      </ol>
    </section>
  );
}
