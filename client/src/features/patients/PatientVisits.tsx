import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useReadsClinical } from '../../app/commands';
import { useFormat } from '../../app/useFormat';
import { staffName, useStaff } from '../../app/reference';
import { TriageBadge, VisitStatusBadge } from '../visits/badges';

/** The patient's visits, newest first; each row opens its visit. */
export function PatientVisits({ patientId }: { patientId: string }) {
  const { t } = useTranslation('patients');
  const f = useFormat();
  const { db } = useClinic();
  const staff = useStaff();
  const clinical = useReadsClinical();
  const visits = useLiveQuery(
    async () =>
      (await db.visits.where('patient_id').equals(patientId).toArray()).sort((left, right) =>
        (right.checked_in_at ?? '').localeCompare(left.checked_in_at ?? ''),
      ),
    [db, patientId],
  );
  if (!visits) return <p>{t('visits.loading')}</p>;
  if (visits.length === 0) return <p className="text-slate-700">{t('visits.none')}</p>;
  return (
    <ol className="space-y-2">
      {visits.map((visit) => (
        <li key={visit.visit_id}>
          <Link
            to={`/visits/${visit.visit_id}`}
            className="flex min-h-11 flex-wrap items-center gap-x-3 gap-y-1 rounded-lg bg-white p-3 shadow hover:bg-slate-50"
          >
            <span className="font-medium text-teal-900 underline">
              {visit.checked_in_at ? f.dateTime(visit.checked_in_at) : t('visits.visit')}
            </span>
            <VisitStatusBadge status={visit.status} />
            {visit.triage && <TriageBadge priority={visit.triage.priority} />}
            {visit.doctor_id && <span>{staffName(staff, visit.doctor_id)}</span>}
            {clinical && visit.diagnoses.length > 0 && (
              <span className="basis-full text-slate-800">
                {visit.diagnoses
                  .map((diagnosis) => `${diagnosis.code} ${diagnosis.description}`)
                  .join('; ')}
              </span>
            )}
          </Link>
        </li>
      ))}
    </ol>
  );
}
