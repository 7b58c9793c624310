import { allergySeverities, mayIssue, uuidv7, type Diagnosis } from '@mymedic/shared';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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
import { checkInCommands } from '../appointments/checkIn';
import { dayAt, instantOn, useClinicZone } from '../appointments/clinicClock';
import { useFormat } from '../../app/useFormat';
import { AllergyBadges } from '../clinical/AllergyBadges';
import { ageOf } from './age';

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

/** "Thu 3 Dec, 10:00 with Dr. Amina Njoroge: Fever" on the clinic's clock. */
function NextAppointment({ appointment }: { appointment: AppointmentRow | null }) {
  const { t } = useTranslation('patients');
  const staff = useStaff();
  const zone = useClinicZone();
  const f = useFormat();
  if (!appointment) return <>{t('summary.noAppointment')}</>;
  const isToday =
    dayAt(Date.parse(appointment.starts_at), zone).getTime() === dayAt(Date.now(), zone).getTime();
  return (
    <>
      {t('summary.appointment', {
        day: isToday ? t('summary.today') : f.day(appointment.starts_at),
        time: f.time(appointment.starts_at),
        doctor: staffName(staff, appointment.doctor_id),
        reason: appointment.reason,
      })}
    </>
  );
}

/** The allergy form, opened from the summary's button; it stays open for the next one. */
function RecordAllergy({ patientId, onClose }: { patientId: string; onClose: () => void }) {
  const { t } = useTranslation('patients');
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
      t('allergies.recorded'),
    );
    if (recorded) element.reset();
  }

  return (
    <form
      onSubmit={(event) => void addAllergy(event)}
      noValidate
      className="grid gap-4 rounded-xl border border-red-300 bg-white p-4 shadow sm:grid-cols-3"
      aria-label={t('allergies.record')}
    >
      <TextField label={t('allergies.substance')} name="substance" error={errors.substance} />
      <TextField label={t('allergies.reaction')} name="reaction" error={errors.reaction} />
      <SelectField
        label={t('allergies.severityLabel')}
        name="severity"
        defaultValue="moderate"
        error={errors.severity}
      >
        {allergySeverities.map((severity) => (
          <option key={severity} value={severity}>
            {t(`allergies.severityChoice.${severity}`)}
          </option>
        ))}
      </SelectField>
      <div className="space-y-2 sm:col-span-3">
        <Feedback message={message} error={errors.form} />
        <SubmitOrKeep
          submit={t('allergies.submit')}
          onKeep={onClose}
          keepLabel={t('common:close')}
        />
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
  const { t } = useTranslation(['patients', 'visits']);
  const f = useFormat();
  const { actor } = useClinic();
  const clinical = useReadsClinical();
  const zone = useClinicZone();
  const navigate = useNavigate();
  const { run, errors, message, setMessage } = useCommands();
  const [panel, setPanel] = useState<'book' | 'allergy' | null>(null);
  const agenda = usePatientAgenda(patient.patient_id, zone);
  const archived = patient.archived === 1;
  const may = (type: Parameters<typeof mayIssue>[1]) => !archived && mayIssue(actor.roles, type);
  const age = ageOf(patient, new Date());
  const next = agenda?.next ?? null;
  const dueToday =
    next && dayAt(Date.parse(next.starts_at), zone).getTime() === dayAt(Date.now(), zone).getTime()
      ? next
      : null;
  const problems = agenda ? activeProblems(agenda.visits, Date.now()) : [];

  async function checkIn() {
    const { visitId, commands } = checkInCommands(patient.patient_id, dueToday);
    if (await run(commands, t('summary.checkedIn', { name: patient.full_name })))
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
              {[
                age && t(`age.${age.unit}`, { count: age.count }),
                t(`gender.${patient.gender}`),
                t('summary.mrn', { mrn: patient.mrn }),
              ]
                .filter(Boolean)
                .join(' · ')}
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
                  {t('summary.openVisit', {
                    status: t(`visits:status.${agenda.openVisit.status ?? 'waiting'}`),
                  })}
                </button>
              ) : (
                may('CheckInPatient') && (
                  <button type="button" className={buttonClass} onClick={() => void checkIn()}>
                    {dueToday
                      ? t('summary.checkInAppointment', { time: f.time(dueToday.starts_at) })
                      : t('summary.checkInWalkIn')}
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
                  {t('summary.book')}
                </button>
              )}
            </div>
          )}
        </div>
        <div
          className="flex flex-wrap items-center gap-2"
          aria-label={t('summary.alerts')}
          role="group"
        >
          {clinical && <AllergyBadges allergies={patient.allergies} />}
          {archived && <Badge tone="slate">{t('summary.archived')}</Badge>}
          {patient.pending === 1 && <Badge tone="amber">{t('summary.pending')}</Badge>}
          {clinical && may('RecordAllergy') && (
            <button
              type="button"
              className="min-h-11 px-2 font-medium text-teal-900 underline"
              aria-expanded={panel === 'allergy'}
              onClick={() => toggle('allergy')}
            >
              {t('allergies.record')}
            </button>
          )}
        </div>
        <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-2">
          <div>
            <dt className="text-sm font-medium text-slate-700">{t('summary.nextAppointment')}</dt>
            <dd>{agenda ? <NextAppointment appointment={next} /> : '…'}</dd>
          </div>
          {clinical && (
            <div>
              <dt className="text-sm font-medium text-slate-700">{t('summary.problems')}</dt>
              <dd>
                {problems.length === 0
                  ? t('summary.noProblems')
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
