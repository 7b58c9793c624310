import {
  allergyWarnings,
  describeIssues,
  mayIssue,
  prescriptionContentSchema,
  prescriptionSigningText,
  sha256Hex,
  uuidv7,
  type VisitState,
} from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDraftState } from '../../ui/drafts';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { staffName, useStaff } from '../../app/reference';
import { useFormat } from '../../app/useFormat';
import type { PatientRow, PrescriptionRow } from '../../engine/db';
import {
  buttonClass,
  Feedback,
  fieldErrors,
  secondaryButtonClass,
  SelectField,
  TextField,
} from '../../ui/Field';
import { Form, ReasonForm } from '../../ui/Form';
import { Panel } from '../../ui/Panel';
import { allergyWarningWords } from './allergyWarning';
import { useLateSignatureNote } from './signature';

interface MedicationDraft {
  key: string;
  name: string;
  dosage: string;
  frequency: string;
  duration: string;
  quantity: string;
  instructions: string;
}

const emptyMedication = (): MedicationDraft => ({
  key: uuidv7(),
  name: '',
  dosage: '',
  frequency: '',
  duration: '',
  quantity: '',
  instructions: '',
});

const medicationFields = [
  'name',
  'dosage',
  'frequency',
  'duration',
  'quantity',
  'instructions',
] as const;

function PrescriptionItem({ prescription }: { prescription: PrescriptionRow }) {
  const { actor } = useClinic();
  const staff = useStaff();
  const { run, errors, message } = useCommands();
  const { t } = useTranslation('clinical');
  const format = useFormat();
  const [cancelling, setCancelling] = useState(false);
  const lateSignatureNote = useLateSignatureNote();
  const late = lateSignatureNote(prescription.signed_at, prescription.signature_stored_at);

  async function cancel(reason: string) {
    if (
      await run(
        {
          type: 'CancelPrescription',
          aggregate_type: 'prescription',
          aggregate_id: prescription.prescription_id,
          payload: { reason },
        },
        t('prescriptions.cancelled'),
      )
    )
      setCancelling(false);
  }

  return (
    <li className="space-y-2 rounded-lg border border-slate-300 p-3">
      <p className="text-sm text-slate-700">
        {t('signedByOn', {
          who: staffName(staff, prescription.signed_by),
          when: format.dateTime(prescription.signed_at),
        })}
        {late && <strong className="text-amber-800"> · {late}</strong>}
        {prescription.status === 'cancelled' && (
          <strong className="text-red-800">
            {' '}
            · {t('prescriptions.cancelledBecause', { reason: prescription.cancellation?.reason })}
          </strong>
        )}
        {prescription.pending === 1 && <span className="text-amber-800"> · {t('notSynced')}</span>}
      </p>
      <ul className="list-disc pl-6">
        {prescription.medications.map((medication, index) => (
          <li key={index}>
            {medication.name} {medication.dosage}, {medication.frequency}, {medication.duration} (
            {medication.quantity}){medication.instructions ? ` · ${medication.instructions}` : ''}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Link
          to={`/prescriptions/${prescription.prescription_id}/print`}
          className={secondaryButtonClass}
        >
          {t('prescriptions.printView')}
        </Link>
        {prescription.status === 'issued' &&
          mayIssue(actor.roles, 'CancelPrescription') &&
          !cancelling && (
            <button
              type="button"
              className={secondaryButtonClass}
              onClick={() => setCancelling(true)}
            >
              {t('prescriptions.cancel')}
            </button>
          )}
      </div>
      {cancelling && (
        <ReasonForm
          label={t('prescriptions.cancelForm')}
          fieldLabel={t('prescriptions.cancelReason')}
          id={`cancel-${prescription.prescription_id.slice(-8)}`}
          error={errors.reason}
          submit={t('prescriptions.cancel')}
          onReason={cancel}
          onKeep={() => setCancelling(false)}
          className="space-y-2"
        />
      )}
      <Feedback message={message} error={errors.form} />
    </li>
  );
}

type Diagnosis = VisitState['diagnoses'][number];
const indicationOf = (diagnosis: Diagnosis) => `${diagnosis.code} ${diagnosis.description}`;

/**
 * Prescriptions of a visit. Issuing is signing: the device hashes the content, the
 * decider records the digest with the signer and the time. A medication that matches a
 * recorded allergy is flagged before signing. What is typed is the doctor's draft for
 * this visit on this device (it survives leaving the page, the lock and a reload) until
 * it is issued; its indication starts as the visit's primary diagnosis and may be any
 * of the visit's diagnoses or typed.
 */
export function PrescriptionsPanel({
  patient,
  visitId,
  diagnoses = [],
}: {
  patient: PatientRow;
  visitId: string | null;
  diagnoses?: readonly Diagnosis[];
}) {
  const { db, actor } = useClinic();
  const { run, errors, setErrors, message } = useCommands();
  const { t } = useTranslation('clinical');
  const draftKey = `prescription:${visitId ?? patient.patient_id}`;
  const [medications, setMedications, clearMedications] = useDraftState<MedicationDraft[]>(
    `${draftKey}:medications`,
    [emptyMedication()],
  );
  // Null until the doctor chooses or types one: the visit's primary diagnosis meanwhile.
  const [chosenIndication, setDiagnosis, clearDiagnosis] = useDraftState<string | null>(
    `${draftKey}:diagnosis`,
    null,
  );
  const primary = diagnoses.find((known) => known.kind === 'primary') ?? diagnoses[0];
  const diagnosis = chosenIndication ?? (primary ? indicationOf(primary) : '');
  const offered = diagnoses.map(indicationOf);
  const [acknowledged, setAcknowledged] = useState(false);
  const prescriptions =
    useLiveQuery(
      () =>
        visitId
          ? db.prescriptions.where('visit_id').equals(visitId).toArray()
          : db.prescriptions.where('patient_id').equals(patient.patient_id).toArray(),
      [db, patient.patient_id, visitId],
    ) ?? [];
  const warnings = allergyWarnings(
    medications.filter((medication) => medication.name.trim() !== ''),
    patient.allergies,
  );

  const update = (key: string, field: keyof MedicationDraft, value: string) =>
    setMedications((current) =>
      current.map((medication) =>
        medication.key === key ? { ...medication, [field]: value } : medication,
      ),
    );

  async function issue() {
    if (patient.archived === 1) return setErrors({ form: t('prescriptions.patientArchived') });
    if (warnings.length > 0 && !acknowledged)
      return setErrors({ form: t('prescriptions.confirmAllergy') });
    const parsed = prescriptionContentSchema.safeParse({
      patient_id: patient.patient_id,
      visit_id: visitId,
      diagnosis: diagnosis.trim() === '' ? null : diagnosis,
      medications: medications.map(({ key: _key, quantity, instructions, ...medication }) => ({
        ...medication,
        quantity: quantity.trim() === '' ? undefined : Number(quantity),
        instructions: instructions.trim() === '' ? null : instructions,
      })),
    });
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      return setErrors({
        ...fieldErrors({ issues }),
        form: issues[0]?.message ?? t('prescriptions.check'),
      });
    }
    const digest = await sha256Hex(prescriptionSigningText(parsed.data));
    if (
      await run(
        {
          type: 'IssuePrescription',
          aggregate_type: 'prescription',
          aggregate_id: uuidv7(),
          payload: { ...parsed.data, content_sha256: digest },
        },
        t('prescriptions.issued'),
      )
    ) {
      clearMedications();
      clearDiagnosis();
      setAcknowledged(false);
    }
  }

  return (
    <Panel id="prescriptions-title" title={t('prescriptions.title')}>
      <ul className="space-y-3">
        {prescriptions.map((prescription) => (
          <PrescriptionItem key={prescription.prescription_id} prescription={prescription} />
        ))}
      </ul>
      {mayIssue(actor.roles, 'IssuePrescription') && patient.archived === 0 && (
        <Form onSubmit={issue} label={t('prescriptions.writeForm')} className="space-y-3">
          {medications.map((medication, index) => (
            <fieldset
              key={medication.key}
              className="grid gap-3 rounded-lg border border-slate-300 p-3 sm:grid-cols-3"
            >
              <legend className="px-1 font-medium">
                {t('prescriptions.medication', { number: index + 1 })}
              </legend>
              {medicationFields.map((field) => (
                <TextField
                  key={field}
                  label={t(`prescriptions.fields.${field}`)}
                  name={field}
                  id={`${field}-${medication.key}`}
                  inputMode={field === 'quantity' ? 'numeric' : undefined}
                  value={medication[field]}
                  onChange={(event) => update(medication.key, field, event.target.value)}
                />
              ))}
              {medications.length > 1 && (
                <div className="sm:col-span-3">
                  <button
                    type="button"
                    className={secondaryButtonClass}
                    onClick={() =>
                      setMedications((current) =>
                        current.filter((entry) => entry.key !== medication.key),
                      )
                    }
                  >
                    {t('prescriptions.removeMedication', { number: index + 1 })}
                  </button>
                </div>
              )}
            </fieldset>
          ))}
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => setMedications((current) => [...current, emptyMedication()])}
          >
            {t('prescriptions.addMedication')}
          </button>
          {offered.length > 0 && (
            <SelectField
              label={t('prescriptions.indication')}
              name="prescription-indication"
              value={offered.includes(diagnosis) ? diagnosis : ''}
              onChange={(event) => setDiagnosis(event.target.value)}
            >
              {offered.map((indication) => (
                <option key={indication} value={indication}>
                  {indication}
                </option>
              ))}
              <option value="">{t('prescriptions.anotherIndication')}</option>
            </SelectField>
          )}
          <TextField
            label={t('prescriptions.diagnosis')}
            name="prescription-diagnosis"
            value={diagnosis}
            onChange={(event) => setDiagnosis(event.target.value)}
          />
          {warnings.length > 0 && (
            <div role="alert" className="rounded-lg bg-red-50 p-3 text-red-900">
              <p className="font-semibold">{t('prescriptions.allergyWarning')}</p>
              <ul className="list-disc pl-6">
                {warnings.map((warning) => (
                  <li key={`${warning.medication}-${warning.substance}`}>
                    {allergyWarningWords(warning, t)}
                  </li>
                ))}
              </ul>
              <label className="mt-2 flex min-h-11 items-center gap-2">
                <input
                  type="checkbox"
                  checked={acknowledged}
                  onChange={(event) => setAcknowledged(event.target.checked)}
                  className="h-5 w-5"
                />
                {t('prescriptions.acknowledge')}
              </label>
            </div>
          )}
          <Feedback message={message} error={errors.form} />
          <button type="submit" className={buttonClass}>
            {t('prescriptions.sign')}
          </button>
        </Form>
      )}
    </Panel>
  );
}
