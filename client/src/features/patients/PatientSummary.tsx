import { mayIssue, uuidv7, type Diagnosis } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useCommands, useReadsClinical } from '../../app/commands';
import { PhoneLink } from '../../app/PhoneLink';
import { staffName, useStaff } from '../../app/reference';
import type { AppointmentRow, PatientRow, VisitRow } from '../../engine/db';
import { Badge } from '../../ui/Badge';
import {
  buttonClass,
  Feedback,
  formText,
  secondaryButtonClass,
  SelectField,
  TextField,
} from '../../ui/Field';
import { SubmitOrKeep } from '../../ui/Form';
import { BookAppointment } from '../appointments/BookAppointment';
import { dayName } from '../appointments/calendarView';
import { checkInCommands } from '../appointments/checkIn';
import { clockAt, dayAt, instantOn, useClinicZone } from '../appointments/clinicClock';
import { AllergyBadges } from '../clinical/AllergyBadges';
import { visitStatusWords } from '../visits/statusWords';
import { ageText } from './age';

const dayMs = 24 * 60 * 60 * 1000;
/** A diagnosis of a visit this recent counts as an active problem. */
const recentDays = 90;

/**
 * The patient's active problems: the diagnoses of visits still open, of visits whose
 * treatment plan's follow-up is still ahead, and of the last 90 days' visits; each code
 * once, the newest visit's first.
 */
export function activeProblems(visits: VisitRow[], now: number): Diagnosis[] {
  const active = (visit: VisitRow) => {
    if (visit.status !== 'completed') return true;
    const ended = Date.parse(visit.completed_at ?? visit.checked_in_at ?? '');
    const followUp = visit.treatment_plan?.follow_up_in_days ?? 0;
    return ended + Math.max(followUp, recentDays) * dayMs >= now;
  };
  const seen = new Set<string>();
  return [...visits]
    .filter(active)
    .sort((left, right) => (right.checked_in_at ?? '').localeCompare(left.checked_in_at ?? ''))
    .flatMap((visit) => visit.diagnoses)
    .filter((diagnosis) => !seen.has(diagnosis.code) && seen.add(diagnosis.code));
}

/** What the summary reads beside the patient's row: their visits and coming appointments. */
function usePatientAgenda(patientId: string, zone: string) {
  const { db } = useClinic();
  const today = instantOn(dayAt(Date.now(), zone), 0, zone);
  return useLiveQuery(async () => {
    const visits = await db.visits.where('patient_id').equals(patientId).toArray();
    const coming = await db.appointments
      .where('patient_id')
      .equals(patientId)
      .filter(
        (appointment) =>
          appointment.status === 'scheduled' && Date.parse(appointment.starts_at) >= today,
      )
      .sortBy('starts_at');
    return {
      visits,
      openVisit: visits.find((visit) => visit.status !== 'completed') ?? null,
      next: coming[0] ?? null,
    };
  }, [db, patientId, today]);
}

/** "Thursday 3 December, 10:00 with Dr. Amina Njoroge: Fever" on the clinic's clock. */
function NextAppointment({ appointment }: { appointment: AppointmentRow | null }) {
  const staff = useStaff();
  const zone = useClinicZone();
  if (!appointment) return <>None booked</>;
  const day = dayAt(Date.parse(appointment.starts_at), zone);
  const isToday = day.getTime() === dayAt(Date.now(), zone).getTime();
  return (
    <>
      {isToday ? 'Today' : dayName(day)}, {clockAt(appointment.starts_at, zone)} with{' '}
      {staffName(staff, appointment.doctor_id)}: {appointment.reason}
    </>
  );
}

/** The allergy form, opened from the summary's button; it stays open for the next one. */
function RecordAllergy({ patientId, onClose }: { patientId: string; onClose: () => void }) {
  const { run, errors, message } = useCommands();

  // The form element is kept before the await: React clears the event's currentTarget
  // once the handler has returned. It is emptied only when the record was taken.
  async function addAllergy(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const recorded = await run(
      {
        type: 'RecordAllergy',
        aggregate_type: 'patient',
        aggregate_id: patientId,
        payload: {
          allergy_id: uuidv7(),
          substance: formText(form, 'substance'),
          reaction: formText(form, 'reaction'),
          severity: formText(form, 'severity'),
        },
      },
      'Allergy recorded',
    );
    if (recorded) element.reset();
  }

  return (
    <form
      onSubmit={(event) => void addAllergy(event)}
      noValidate
      className="grid gap-4 rounded-xl border border-red-300 bg-white p-4 shadow sm:grid-cols-3"
      aria-label="Record an allergy"
    >
      <TextField label="Substance" name="substance" error={errors.substance} />
      <TextField label="Reaction" name="reaction" error={errors.reaction} />
      <SelectField label="Severity" name="severity" defaultValue="moderate" error={errors.severity}>
        <option value="mild">Mild</option>
        <option value="moderate">Moderate</option>
        <option value="severe">Severe</option>
        <option value="unknown">Unknown</option>
      </SelectField>
      <div className="space-y-2 sm:col-span-3">
        <Feedback message={message} error={errors.form} />
        <SubmitOrKeep submit="Record allergy" onKeep={onClose} keepLabel="Close" />
      </div>
    </form>
  );
}

/**
 * The top of the patient's page, all of it in view on a tablet held upright: who the
 * patient is, what must not be missed (allergies, alerts), what is coming and what is
 * being treated, and the actions done most from here (check in or open the visit they
 * have, book). The forms open only from their buttons.
 */
export function PatientSummary({ patient }: { patient: PatientRow }) {
  const { actor } = useClinic();
  const clinical = useReadsClinical();
  const zone = useClinicZone();
  const navigate = useNavigate();
  const { run, errors, message, setMessage } = useCommands();
  const [panel, setPanel] = useState<'book' | 'allergy' | null>(null);
  const agenda = usePatientAgenda(patient.patient_id, zone);
  const archived = patient.archived === 1;
  const may = (type: Parameters<typeof mayIssue>[1]) => !archived && mayIssue(actor.roles, type);
  const age = ageText(patient, new Date());
  const next = agenda?.next ?? null;
  const dueToday =
    next && dayAt(Date.parse(next.starts_at), zone).getTime() === dayAt(Date.now(), zone).getTime()
      ? next
      : null;
  const problems = agenda ? activeProblems(agenda.visits, Date.now()) : [];

  async function checkIn() {
    const { visitId, commands } = checkInCommands(patient.patient_id, dueToday);
    if (await run(commands, `${patient.full_name} is checked in`))
      await navigate(`/visits/${visitId}`);
  }
  const toggle = (shown: 'book' | 'allergy') => setPanel(panel === shown ? null : shown);

  return (
    <div className="space-y-3">
      <section aria-labelledby="patient-title" className="space-y-3 rounded-xl bg-white p-4 shadow">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 id="patient-title" className="text-2xl font-semibold">
              {patient.full_name}
            </h1>
            <p className="text-slate-700">
              {[age, patient.gender, `MRN ${patient.mrn}`].filter(Boolean).join(' · ')}
              {patient.phone && (
                <>
                  {' · '}
                  <PhoneLink phone={patient.phone} />
                </>
              )}
            </p>
          </div>
          {agenda && (
            <div className="flex flex-wrap gap-2">
              {agenda.openVisit ? (
                <button
                  type="button"
                  className={buttonClass}
                  onClick={() => void navigate(`/visits/${agenda.openVisit!.visit_id}`)}
                >
                  Open the current visit ({visitStatusWords[agenda.openVisit.status ?? 'waiting']})
                </button>
              ) : (
                may('CheckInPatient') && (
                  <button type="button" className={buttonClass} onClick={() => void checkIn()}>
                    {dueToday
                      ? `Check in for the ${clockAt(dueToday.starts_at, zone)} appointment`
                      : 'Check in now (walk-in)'}
                  </button>
                )
              )}
              {may('ScheduleAppointment') && (
                <button
                  type="button"
                  className={secondaryButtonClass}
                  aria-expanded={panel === 'book'}
                  onClick={() => toggle('book')}
                >
                  Book an appointment
                </button>
              )}
            </div>
          )}
        </div>
        <div
          className="flex flex-wrap items-center gap-2"
          aria-label="Allergies and alerts"
          role="group"
        >
          {clinical && <AllergyBadges allergies={patient.allergies} />}
          {archived && <Badge tone="slate">Archived: read only</Badge>}
          {patient.pending === 1 && <Badge tone="amber">Changes not yet synced</Badge>}
          {clinical && may('RecordAllergy') && (
            <button
              type="button"
              className="min-h-11 px-2 font-medium text-teal-900 underline"
              aria-expanded={panel === 'allergy'}
              onClick={() => toggle('allergy')}
            >
              Record an allergy
            </button>
          )}
        </div>
        <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-2">
          <div>
            <dt className="text-sm font-medium text-slate-700">Next appointment</dt>
            <dd>{agenda ? <NextAppointment appointment={next} /> : '…'}</dd>
          </div>
          {clinical && (
            <div>
              <dt className="text-sm font-medium text-slate-700">Active problems</dt>
              <dd>
                {problems.length === 0
                  ? 'None recorded'
                  : problems.map((problem) => `${problem.code} ${problem.description}`).join('; ')}
              </dd>
            </div>
          )}
        </dl>
      </section>
      <Feedback message={message} error={errors.form} />
      {panel === 'allergy' && (
        <RecordAllergy patientId={patient.patient_id} onClose={() => setPanel(null)} />
      )}
      {panel === 'book' && (
        <BookAppointment
          patient={patient}
          onBooked={(done) => {
            setPanel(null);
            setMessage(done);
          }}
        />
      )}
    </div>
  );
}
