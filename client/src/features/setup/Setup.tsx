import {
  mayIssue,
  openSetupSteps,
  progressAfter,
  setupStepsByKind,
  type HospitalSettings,
  type SetupStep,
} from '@mymedic/shared';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useCommands } from '../../app/commands';
import { useOrganisation } from '../../app/reference';
import type { OrganisationRow } from '../../engine/db';
import { buttonClass, Feedback, formText, secondaryButtonClass, TextField } from '../../ui/Field';
import { Form } from '../../ui/Form';
import { TimeZoneField } from '../../ui/TimeZoneField';
import { OpeningHoursFields, openingHoursOf } from '../settings/OpeningHours';
import { progressOf, stepTitle } from '../settings/SetupStatus';
import { SetupLocations } from './SetupLocations';
import { SetupStaff } from './SetupStaff';

/**
 * The first-run setup after sign-up: a few steps that fit the kind of organisation, each
 * saved as it goes through the same commands as the organisation screen (so it works
 * offline, and another admin's tablet sees how far it got). Opening it lands on the
 * first step neither saved nor skipped; a skipped step is offered again on the
 * organisation screen, which opens it here by name. Its screens ask for the `settings`
 * words too: the step titles are the organisation screen's.
 */
export default function Setup() {
  const { actor } = useClinic();
  const organisation = useOrganisation();
  const { step: asked } = useParams();
  const { t } = useTranslation(['setup', 'settings']);
  if (!mayIssue(actor.roles, 'ChangeHospitalSettings')) return <p role="alert">{t('onlyAdmin')}</p>;
  if (!organisation?.kind) return <p>{t('common:loading')}</p>;
  const steps = setupStepsByKind[organisation.kind];
  const progress = progressOf(organisation);
  const step = steps.find((one) => one === asked) ?? openSetupSteps(organisation.kind, progress)[0];
  if (!step) return <SetupDone organisation={organisation} />;
  return <SetupStepPage key={step} organisation={organisation} step={step} />;
}

function SetupDone({ organisation }: { organisation: OrganisationRow }) {
  const { t } = useTranslation(['setup', 'settings']);
  const skipped = setupStepsByKind[organisation.kind!].filter(
    (step) =>
      progressOf(organisation).skipped.includes(step) &&
      !progressOf(organisation).finished.includes(step),
  );
  return (
    <section aria-labelledby="setup-title" className="mx-auto max-w-2xl space-y-4">
      <h1 id="setup-title" className="text-2xl font-semibold">
        {t('done.title')}
      </h1>
      <div className="space-y-3 rounded-xl bg-white p-6 shadow">
        <p>
          {skipped.length === 0
            ? t('done.all')
            : t('done.skipped', {
                count: skipped.length,
                steps: skipped.map((step) => stepTitle(t, step, organisation.kind)).join(', '),
              })}
        </p>
        <div className="flex flex-wrap gap-2">
          <Link to="/" className={buttonClass}>
            {t('done.today')}
          </Link>
          <Link to="/organisation" className={secondaryButtonClass}>
            {t('done.organisation')}
          </Link>
        </div>
      </div>
    </section>
  );
}

/** The steps as a list: where the person is, which are saved, which were skipped. */
function StepList({
  organisation,
  current,
}: {
  organisation: OrganisationRow;
  current: SetupStep;
}) {
  const { t } = useTranslation(['setup', 'settings']);
  const progress = progressOf(organisation);
  return (
    <ol className="flex flex-wrap gap-2 text-sm" aria-label={t('steps')}>
      {setupStepsByKind[organisation.kind!].map((step, index) => {
        const state = progress.finished.includes(step)
          ? 'saved'
          : progress.skipped.includes(step)
            ? 'skipped'
            : null;
        const here = step === current;
        return (
          <li key={step}>
            <Link
              to={`/setup/${step}`}
              aria-current={here ? 'step' : undefined}
              className={`inline-flex min-h-11 items-center rounded-lg px-3 ${here ? 'bg-teal-800 text-white' : 'bg-white text-teal-950 underline'}`}
            >
              {index + 1}. {stepTitle(t, step, organisation.kind)}
              {state && <span className="ml-1">({t(`state.${state}`)})</span>}
            </Link>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * One step: its fields, "Save and continue" (the step's changes and the progress in one
 * command) and "Skip for now".
 */
function SetupStepPage({ organisation, step }: { organisation: OrganisationRow; step: SetupStep }) {
  const { run, errors, message } = useCommands();
  const { t } = useTranslation(['setup', 'settings']);
  const navigate = useNavigate();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const steps = setupStepsByKind[organisation.kind!];
  const progress = progressOf(organisation);
  const hospital = { aggregate_type: 'hospital' as const, aggregate_id: organisation.hospital_id };

  /** Records the step saved (with the changes it makes) or skipped, then the next one. */
  async function advance(outcome: 'finished' | 'skipped', changes: Partial<HospitalSettings> = {}) {
    const saved = await run(
      {
        type: 'ChangeHospitalSettings',
        ...hospital,
        payload: { changes: { ...changes, setup: progressAfter(progress, step, outcome) } },
      },
      outcome === 'finished' ? t('saved') : t('skippedForNow'),
    );
    if (saved) void navigate('/setup');
  }

  const fields: Record<SetupStep, ReactNode> = {
    practice: (
      <>
        <TextField
          label={organisation.kind === 'independent' ? t('practiceName') : t('name')}
          name="org-name"
          defaultValue={organisation.settings.name}
          error={errors.name}
        />
        <TextField
          label={t('slotLength')}
          name="default_slot_minutes"
          type="number"
          min={5}
          max={240}
          defaultValue={organisation.settings.default_slot_minutes}
          error={errors.default_slot_minutes}
        />
      </>
    ),
    time_zone: (
      <>
        <p className="text-sm text-slate-700">
          {t('timeZone', {
            zone: Intl.DateTimeFormat().resolvedOptions().timeZone.replaceAll('_', ' '),
          })}
        </p>
        <TimeZoneField
          {...(progress.finished.includes('time_zone')
            ? { value: organisation.settings.timezone }
            : {})}
          error={errors.timezone}
        />
      </>
    ),
    hours: <OpeningHoursFields hours={organisation.settings.opening_hours} />,
    locations: <SetupLocations organisation={organisation} />,
    staff: <SetupStaff kind={organisation.kind} />,
  };

  // What a step's form saves; the locations and staff steps save as they go.
  function changesOf(data: FormData): Partial<HospitalSettings> {
    switch (step) {
      case 'practice':
        return {
          name: formText(data, 'org-name'),
          default_slot_minutes: Number(formText(data, 'default_slot_minutes')),
        };
      case 'time_zone':
        return { timezone: formText(data, 'timezone') };
      case 'hours':
        return { opening_hours: openingHoursOf(data) };
      case 'locations':
      case 'staff':
        return {};
    }
  }
  const savesAsItGoes = step === 'locations' || step === 'staff';
  const footer = (
    <div className="flex flex-wrap gap-2">
      <button type="submit" className={buttonClass}>
        {savesAsItGoes ? t('doneContinue') : t('saveContinue')}
      </button>
      <button
        type="button"
        className={secondaryButtonClass}
        onClick={() => void advance('skipped')}
      >
        {t('skip')}
      </button>
    </div>
  );

  return (
    <section aria-labelledby="setup-title" className="mx-auto max-w-3xl space-y-4">
      <p className="text-sm text-slate-700">
        {t('progress', {
          name: organisation.settings.name,
          step: steps.indexOf(step) + 1,
          total: steps.length,
        })}
      </p>
      <h1 id="setup-title" ref={heading} tabIndex={-1} className="text-2xl font-semibold">
        {stepTitle(t, step, organisation.kind)}
      </h1>
      <StepList organisation={organisation} current={step} />
      {savesAsItGoes ? (
        <div className="space-y-4 rounded-xl bg-white p-6 shadow">
          {fields[step]}
          <Form
            onSubmit={() => advance('finished')}
            label={t('finish', { step: stepTitle(t, step, organisation.kind) })}
          >
            {footer}
          </Form>
          <Feedback message={message} error={errors.form} />
        </div>
      ) : (
        <Form
          onSubmit={(data) => advance('finished', changesOf(data))}
          label={stepTitle(t, step, organisation.kind)}
          className="grid gap-4 rounded-xl bg-white p-6 shadow"
        >
          {fields[step]}
          <Feedback message={message} error={errors.form} />
          {footer}
        </Form>
      )}
    </section>
  );
}
