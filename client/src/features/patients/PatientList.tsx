import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClinic } from '../../app/clinic';
import { SearchField } from '../../ui/Field';
import { searchPatients } from '../../app/patientSearch';
import { useClinicCountry, usePhoneText } from '../../app/reference';
import { useFormat } from '../../app/useFormat';

const rowHeight = 64;
const visibleRows = 12;

/** All patients, searchable while typing; only the rows in view are drawn, so 50,000 stay smooth. */
export default function PatientList() {
  const { t } = useTranslation('patients');
  const { db } = useClinic();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [scrollTop, setScrollTop] = useState(0);
  const patients = useLiveQuery(() => db.patients.orderBy('full_name').toArray(), [db]);
  const country = useClinicCountry();
  const phoneText = usePhoneText();
  const format = useFormat();
  const matches = useMemo(
    () =>
      patients
        ? searchPatients(patients, deferredQuery, deferredQuery ? 200 : patients.length, country)
        : [],
    [patients, deferredQuery, country],
  );
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - 4);
  const shown = matches.slice(first, first + visibleRows + 8);
  return (
    <section aria-labelledby="patients-title" className="space-y-4">
      <h1 id="patients-title" className="text-2xl font-semibold">
        {t('list.title')}
      </h1>
      <SearchField
        label={t('list.search')}
        name="patient-search"
        value={query}
        onText={setQuery}
        hint={t('list.searchHint')}
      />
      <p aria-live="polite" className="text-sm text-slate-700">
        {patients === undefined ? t('common:loading') : t('list.count', { count: matches.length })}
      </p>
      <div
        className="overflow-y-auto rounded-xl bg-white shadow"
        style={{ height: rowHeight * visibleRows }}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      >
        <ul
          style={{ height: matches.length * rowHeight, position: 'relative' }}
          aria-label={t('list.found')}
        >
          {shown.map((patient, index) => (
            <li
              key={patient.patient_id}
              style={{
                position: 'absolute',
                top: (first + index) * rowHeight,
                height: rowHeight,
                left: 0,
                right: 0,
              }}
            >
              <Link
                to={`/patients/${patient.patient_id}`}
                className="flex h-full items-center justify-between border-b border-slate-200 px-4 hover:bg-teal-50"
              >
                <span>
                  <span className="font-medium">{patient.full_name}</span>
                  {patient.archived === 1 && (
                    <span className="ml-2 text-sm text-slate-700">{t('list.archived')}</span>
                  )}
                  <span className="block text-sm text-slate-700">
                    {patient.mrn} ·{' '}
                    {patient.date_of_birth
                      ? format.calendarDay(patient.date_of_birth)
                      : t('list.bornAbout', { year: patient.birth_year_estimate })}{' '}
                    {patient.phone ? `· ${phoneText(patient.phone)}` : ''}
                  </span>
                </span>
                {patient.pending === 1 && (
                  <span className="text-sm text-amber-800">{t('list.pending')}</span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
