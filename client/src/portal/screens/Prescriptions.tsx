import { useTranslation } from 'react-i18next';
import type { Medication, Prescription } from '../model/api';
import { useAnswer } from '../model/answers';
import { usePortalFormat } from '../model/clock';
import { useSession } from '../model/state';
import { buttonClass } from '../../ui/Field';
import { Nothing, Screen } from '../parts/Screen';

function MedicationLine({ medication }: { medication: Medication }) {
  const { t } = useTranslation('portal');
  const formats = usePortalFormat();
  const how = [medication.dosage, medication.frequency, medication.duration]
    .filter(Boolean)
    .join(', ');
  return (
    <li className="py-2">
      <p className="text-lg font-semibold">{medication.name}</p>
      {how && <p className="text-base">{how}</p>}
      {medication.quantity !== undefined && (
        <p className="text-base text-slate-700">
          {t('prescriptions.quantity', { quantity: formats.number(medication.quantity) })}
        </p>
      )}
      {medication.instructions && (
        <p className="text-base break-words">{medication.instructions}</p>
      )}
    </li>
  );
}

/** One signed prescription, as a sheet that prints on its own page. */
function PrescriptionSheet({
  prescription,
  patientName,
  clinicName,
}: {
  prescription: Prescription;
  patientName: string;
  clinicName: string;
}) {
  const { t } = useTranslation('portal');
  const formats = usePortalFormat();
  return (
    <article
      className="print-sheet rounded-xl bg-white p-4 shadow print:mb-6"
      aria-labelledby={`prescription-${prescription.prescription_id}`}
    >
      <p className="hidden text-base print:block">{clinicName}</p>
      <h2 id={`prescription-${prescription.prescription_id}`} className="text-xl font-semibold">
        {t('prescriptions.of', { date: formats.longDate(prescription.issued_at) })}
      </h2>
      <p className="text-base">
        {prescription.prescriber_name
          ? t('prescriptions.forSignedBy', {
              patient: patientName,
              prescriber: prescription.prescriber_name,
            })
          : t('prescriptions.for', { patient: patientName })}
      </p>
      {prescription.diagnosis && (
        <p className="mt-1 text-base break-words">
          {t('prescriptions.treats', { diagnosis: prescription.diagnosis })}
        </p>
      )}
      <ul className="mt-2 divide-y divide-slate-200">
        {prescription.items.map((medication, index) => (
          <MedicationLine key={`${medication.name}-${index}`} medication={medication} />
        ))}
      </ul>
    </article>
  );
}

/** Signed prescriptions, newest first; "Print" prints them without the app around them. */
export function PrescriptionsScreen() {
  const { t } = useTranslation('portal');
  const session = useSession();
  const view = useAnswer('prescriptions', session);
  return (
    <Screen title={t('prescriptions.title')} view={view}>
      {({ prescriptions }) =>
        prescriptions.length === 0 ? (
          <Nothing>{t('prescriptions.none')}</Nothing>
        ) : (
          <div className="space-y-3">
            <button
              type="button"
              className={`${buttonClass} no-print min-h-12 text-lg`}
              onClick={() => window.print()}
            >
              {t('prescriptions.print')}
            </button>
            {[...prescriptions]
              .sort((a, b) => Date.parse(b.issued_at) - Date.parse(a.issued_at))
              .map((prescription) => (
                <PrescriptionSheet
                  key={prescription.prescription_id}
                  prescription={prescription}
                  patientName={session.patient.full_name}
                  clinicName={session.clinic.name}
                />
              ))}
          </div>
        )
      }
    </Screen>
  );
}
