import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useClinic } from '../../app/clinic';
import { Tabs, useTabInAddress } from '../../ui/Tabs';
import { DocumentsPanel } from '../clinical/DocumentsPanel';
import { PatientDetails } from './PatientDetails';
import { PatientHistory } from './PatientHistory';
import { PatientSummary } from './PatientSummary';
import { PatientVisits } from './PatientVisits';

const tabs = ['history', 'visits', 'documents', 'details'] as const;

/**
 * One patient: the summary on top (in view without scrolling on a tablet held
 * upright), then the rest by tab, the tab kept in the address so back returns to it.
 */
export default function PatientPage() {
  const { t } = useTranslation('patients');
  const { patientId = '' } = useParams();
  const { db } = useClinic();
  const patient = useLiveQuery(() => db.patients.get(patientId), [db, patientId]);
  const [tab, chooseTab] = useTabInAddress(tabs);

  if (patient === undefined) return <p>{t('common:loading')}</p>;
  if (!patient) return <p role="alert">{t('page.notOnDevice')}</p>;
  return (
    <div className="space-y-4">
      <PatientSummary patient={patient} />
      <Tabs
        id="patient"
        label={t('page.tabs')}
        tabs={tabs}
        words={(shown) => t(`page.tab.${shown}`)}
        current={tab}
        onChoose={chooseTab}
      >
        {tab === 'history' && <PatientHistory patient={patient} />}
        {tab === 'visits' && <PatientVisits patientId={patient.patient_id} />}
        {tab === 'documents' && <DocumentsPanel patientId={patient.patient_id} />}
        {tab === 'details' && <PatientDetails patient={patient} />}
      </Tabs>
    </div>
  );
}
