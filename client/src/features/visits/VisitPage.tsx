import { mayIssue, triagePriorities } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useFormat } from '../../app/useFormat';
import { useFormDraft } from '../../ui/drafts';
import { draftOf } from '../../engine/lock';
import { useCommands, useReadsClinical } from '../../app/commands';
import { staffName, useStaff } from '../../app/reference';
import type { CommandInput } from '../../engine/execute';
import {
  buttonClass,
  Feedback,
  formText,
  secondaryButtonClass,
  SelectField,
  TextField,
  WordOptions,
} from '../../ui/Field';
import { Form, FormFooter } from '../../ui/Form';
import { Panel } from '../../ui/Panel';
import { AllergyBadges } from '../clinical/AllergyBadges';
import { DiagnosisPanel } from '../clinical/DiagnosisPanel';
import { DocumentsPanel } from '../clinical/DocumentsPanel';
import { NotesPanel } from '../clinical/NotesPanel';
import { PrescriptionsPanel } from '../clinical/PrescriptionsPanel';
import { VitalsPanel } from '../clinical/VitalsPanel';
import { Badge } from '../../ui/Badge';
import { TriageBadge, VisitStatusBadge } from './badges';

/** One visit from check-in to completion: triage, vitals, diagnoses, notes, prescriptions. */
export default function VisitPage() {
  const { t } = useTranslation('visits');
  const f = useFormat();
  const { visitId = '' } = useParams();
  const { db, actor } = useClinic();
  const staff = useStaff();
  const { run, errors, message } = useCommands();
  const clinical = useReadsClinical();
  const triageDraft = useFormDraft(`triage:${visitId}`);
  // Typing kept from before the lock or a reload opens the triage form again, with it.
  const [changingTriage, setChangingTriage] = useState(
    () => draftOf(`triage:${visitId}`) !== undefined,
  );
  const visit = useLiveQuery(() => db.visits.get(visitId), [db, visitId]);
  const patient = useLiveQuery(
    () => (visit?.patient_id ? db.patients.get(visit.patient_id) : undefined),
    [db, visit?.patient_id],
  );
  if (visit === undefined) return <p>{t('common:loading')}</p>;
  if (!visit || !visit.patient_id) return <p role="alert">{t('page.notOnDevice')}</p>;
  const target = { aggregate_type: 'visit' as const, aggregate_id: visit.visit_id };
  const open = visit.status !== 'completed';

  async function triage(form: FormData) {
    const recorded = await run(
      {
        type: 'RecordTriage',
        ...target,
        payload: { priority: formText(form, 'priority'), complaint: formText(form, 'complaint') },
      },
      t('triage.recorded'),
    );
    if (recorded) {
      triageDraft.clear();
      setChangingTriage(false);
    }
  }

  async function complete() {
    const commands: CommandInput[] = [{ type: 'CompleteVisit', ...target, payload: {} }];
    if (visit!.appointment_id)
      commands.push({
        type: 'MarkAppointmentCompleted',
        aggregate_type: 'appointment',
        aggregate_id: visit!.appointment_id,
        payload: { visit_id: visit!.visit_id },
      });
    await run(commands, t('page.completed'));
  }

  const mayStart =
    open && visit.status !== 'in_consultation' && mayIssue(actor.roles, 'StartConsultation');
  const mayTriage = open && mayIssue(actor.roles, 'RecordTriage');
  // The nurse's work on a visit not yet triaged is the form; afterwards it opens on asking.
  const triageFormShown = mayTriage && (!visit.triage || changingTriage);

  return (
    <section aria-labelledby="visit-title" className="space-y-4">
      <div className="space-y-2 rounded-xl bg-white p-4 shadow">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <h1 id="visit-title" className="text-2xl font-semibold">
            {patient ? (
              <Trans
                t={t}
                i18nKey="page.title"
                values={{ name: patient.full_name }}
                components={{
                  patient: (
                    <Link
                      to={`/patients/${patient.patient_id}`}
                      className="text-teal-900 underline"
                    />
                  ),
                }}
              />
            ) : (
              t('page.titleNoPatient')
            )}
          </h1>
          <div className="flex flex-wrap gap-2">
            {mayStart && (
              <button
                type="button"
                className={buttonClass}
                onClick={() =>
                  void run({ type: 'StartConsultation', ...target, payload: {} }, t('page.started'))
                }
              >
                {t('page.start')}
              </button>
            )}
            {clinical && (
              <Link to={`/visits/${visit.visit_id}/summary`} className={secondaryButtonClass}>
                {t('page.print')}
              </Link>
            )}
          </div>
        </div>
        <p className="flex flex-wrap items-center gap-2 text-slate-700">
          <VisitStatusBadge status={visit.status} />
          {visit.triage && <TriageBadge priority={visit.triage.priority} />}
          <span>
            {visit.checked_in_at &&
              t('page.checkedIn', {
                time: f.time(visit.checked_in_at),
                since: f.relative(visit.checked_in_at),
              })}
            {visit.doctor_id &&
              ` · ${t('page.for', { doctor: staffName(staff, visit.doctor_id) })}`}
          </span>
          {visit.pending === 1 && <Badge tone="amber">{t('page.pending')}</Badge>}
        </p>
        {clinical && patient && (
          <p className="flex flex-wrap gap-2" role="group" aria-label={t('page.allergies')}>
            <AllergyBadges allergies={patient.allergies} />
          </p>
        )}
      </div>
      <Feedback message={message} error={errors.form} />
      <Panel id="triage-title" title={t('triage.title')} className="">
        {visit.triage ? (
          <p className="flex flex-wrap items-center gap-2">
            <TriageBadge priority={visit.triage.priority} />
            {clinical && <span>{visit.triage.complaint}</span>}
          </p>
        ) : (
          <p className="text-slate-700">{t('triage.none')}</p>
        )}
        {mayTriage && visit.triage && !changingTriage && (
          <button
            type="button"
            className={`${secondaryButtonClass} mt-3`}
            onClick={() => setChangingTriage(true)}
          >
            {t('triage.change')}
          </button>
        )}
        {triageFormShown && (
          <Form
            formRef={triageDraft.ref}
            onSubmit={triage}
            label={t('triage.record')}
            className="mt-3 grid gap-3 sm:grid-cols-3"
          >
            <SelectField
              label={t('triage.priority')}
              name="priority"
              defaultValue={visit.triage?.priority ?? 'routine'}
              error={errors.priority}
            >
              <WordOptions
                values={triagePriorities}
                words={(priority) => t(`priority.${priority}`)}
              />
            </SelectField>
            <div className="sm:col-span-2">
              <TextField
                label={t('triage.complaint')}
                name="complaint"
                defaultValue={visit.triage?.complaint ?? ''}
                error={errors.complaint}
              />
            </div>
            <FormFooter submit={t('triage.record')} span="" />
          </Form>
        )}
      </Panel>
      {clinical && <VitalsPanel patientId={visit.patient_id} visitId={visit.visit_id} />}
      {clinical &&
        (visit.status === 'in_consultation' || visit.status === 'completed' ? (
          <DiagnosisPanel visit={visit} />
        ) : (
          <Panel id="diagnosis-title" title={t('diagnosis.title')}>
            <p className="text-slate-700">{t('diagnosis.notYet')}</p>
          </Panel>
        ))}
      {clinical && <NotesPanel patientId={visit.patient_id} visitId={visit.visit_id} />}
      {clinical && patient && (
        <PrescriptionsPanel
          patient={patient}
          visitId={visit.visit_id}
          diagnoses={visit.diagnoses}
        />
      )}
      <DocumentsPanel patientId={visit.patient_id} visitId={visit.visit_id} />
      {visit.status === 'in_consultation' && mayIssue(actor.roles, 'CompleteVisit') && (
        <button type="button" className={buttonClass} onClick={() => void complete()}>
          {t('page.complete')}
        </button>
      )}
    </section>
  );
}
