import { mayIssue, triagePriorities } from '@mymedic/shared';
import { format, formatDistanceToNow } from 'date-fns';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useClinic } from '../../app/clinic';
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
import { priorityWords, TriageBadge, VisitStatusBadge } from './badges';

/** One visit from check-in to completion: triage, vitals, diagnoses, notes, prescriptions. */
export default function VisitPage() {
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
  if (visit === undefined) return <p>Loading…</p>;
  if (!visit || !visit.patient_id) return <p role="alert">No such visit on this device.</p>;
  const target = { aggregate_type: 'visit' as const, aggregate_id: visit.visit_id };
  const open = visit.status !== 'completed';

  async function triage(form: FormData) {
    const recorded = await run(
      {
        type: 'RecordTriage',
        ...target,
        payload: { priority: formText(form, 'priority'), complaint: formText(form, 'complaint') },
      },
      'Triage recorded',
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
    await run(commands, 'Visit completed');
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
            Visit:{' '}
            {patient ? (
              <Link to={`/patients/${patient.patient_id}`} className="text-teal-900 underline">
                {patient.full_name}
              </Link>
            ) : (
              'patient not on this device'
            )}
          </h1>
          <div className="flex flex-wrap gap-2">
            {mayStart && (
              <button
                type="button"
                className={buttonClass}
                onClick={() =>
                  void run(
                    { type: 'StartConsultation', ...target, payload: {} },
                    'Consultation started',
                  )
                }
              >
                Start consultation
              </button>
            )}
            {clinical && (
              <Link to={`/visits/${visit.visit_id}/summary`} className={secondaryButtonClass}>
                Print visit summary
              </Link>
            )}
          </div>
        </div>
        <p className="flex flex-wrap items-center gap-2 text-slate-700">
          <VisitStatusBadge status={visit.status} />
          {visit.triage && <TriageBadge priority={visit.triage.priority} />}
          <span>
            Checked in{' '}
            {visit.checked_in_at &&
              `${format(new Date(visit.checked_in_at), 'HH:mm')} (${formatDistanceToNow(new Date(visit.checked_in_at))} ago)`}
            {visit.doctor_id && ` · for ${staffName(staff, visit.doctor_id)}`}
          </span>
          {visit.pending === 1 && <Badge tone="amber">Not yet synced</Badge>}
        </p>
        {clinical && patient && (
          <p className="flex flex-wrap gap-2" role="group" aria-label="Allergies">
            <AllergyBadges allergies={patient.allergies} />
          </p>
        )}
      </div>
      <Feedback message={message} error={errors.form} />
      <Panel id="triage-title" title="Triage" className="">
        {visit.triage ? (
          <p className="flex flex-wrap items-center gap-2">
            <TriageBadge priority={visit.triage.priority} />
            {clinical && <span>{visit.triage.complaint}</span>}
          </p>
        ) : (
          <p className="text-slate-700">Not triaged yet.</p>
        )}
        {mayTriage && visit.triage && !changingTriage && (
          <button
            type="button"
            className={`${secondaryButtonClass} mt-3`}
            onClick={() => setChangingTriage(true)}
          >
            Change triage
          </button>
        )}
        {triageFormShown && (
          <Form
            formRef={triageDraft.ref}
            onSubmit={triage}
            label="Record triage"
            className="mt-3 grid gap-3 sm:grid-cols-3"
          >
            <SelectField
              label="Priority"
              name="priority"
              defaultValue={visit.triage?.priority ?? 'routine'}
              error={errors.priority}
            >
              <WordOptions
                values={triagePriorities}
                words={(priority) => priorityWords[priority]}
              />
            </SelectField>
            <div className="sm:col-span-2">
              <TextField
                label="Main complaint"
                name="complaint"
                defaultValue={visit.triage?.complaint ?? ''}
                error={errors.complaint}
              />
            </div>
            <FormFooter submit="Record triage" span="" />
          </Form>
        )}
      </Panel>
      {clinical && <VitalsPanel patientId={visit.patient_id} visitId={visit.visit_id} />}
      {clinical &&
        (visit.status === 'in_consultation' || visit.status === 'completed' ? (
          <DiagnosisPanel visit={visit} />
        ) : (
          <Panel id="diagnosis-title" title="Diagnoses and treatment plan">
            <p className="text-slate-700">Recorded by the doctor once the consultation starts.</p>
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
          Complete visit
        </button>
      )}
    </section>
  );
}
