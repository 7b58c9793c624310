import {
  mayIssue,
  openSetupSteps,
  skippedSetupSteps,
  type SetupProgress,
  type SetupStep,
} from '@mymedic/shared';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClinic } from '../../app/clinic';
import { useOrganisation } from '../../app/reference';
import type { OrganisationRow } from '../../engine/db';
import { buttonClass } from '../../ui/Field';
import { Panel } from '../../ui/Panel';

/**
 * Each setup step's title, in the organisation's own words (a hospital's locations are
 * departments); `t` is any translation function, the keys name their namespace.
 */
export function stepTitle(t: TFunction, step: SetupStep, kind: OrganisationRow['kind']): string {
  switch (step) {
    case 'practice':
      return t(`settings:steps.practice.${kind ?? 'none'}`);
    case 'time_zone':
      return t('settings:steps.time_zone');
    case 'hours':
      return t('settings:steps.hours');
    case 'locations':
      return kind === 'hospital' ? t('settings:steps.departments') : t('settings:steps.locations');
    case 'staff':
      return kind === 'hospital' ? t('settings:steps.inviteStaff') : t('settings:steps.staff');
  }
}

const noProgress: SetupProgress = { finished: [], skipped: [] };

/** Where the setup stands; an organisation from before the setup existed has none to do. */
export const progressOf = (organisation: OrganisationRow): SetupProgress =>
  organisation.settings.setup ?? noProgress;

const hasSetup = (organisation: OrganisationRow) =>
  organisation.kind !== null && organisation.settings.setup !== undefined;

/** On the admin's first screen while setup steps are left: where to go on. */
export function SetupCard() {
  const { actor } = useClinic();
  const { t, i18n } = useTranslation('settings');
  const organisation = useOrganisation();
  if (!organisation || !hasSetup(organisation)) return null;
  if (!mayIssue(actor.roles, 'ChangeHospitalSettings')) return null;
  const next = openSetupSteps(organisation.kind!, progressOf(organisation))[0];
  if (!next) return null;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-teal-300 bg-teal-50 p-4">
      <p>
        {t('setupCard.next', {
          name: organisation.settings.name,
          step: stepTitle(t, next, organisation.kind).toLocaleLowerCase(i18n.language),
        })}
      </p>
      <Link to="/setup" className={buttonClass}>
        {t('setupCard.continue')}
      </Link>
    </div>
  );
}

/** On the organisation screen: the setup steps skipped, each opened again by its link. */
export function SkippedSetupSteps({ organisation }: { organisation: OrganisationRow }) {
  const { t } = useTranslation('settings');
  if (!hasSetup(organisation)) return null;
  const progress = progressOf(organisation);
  const skipped = skippedSetupSteps(organisation.kind!, progress);
  const open = openSetupSteps(organisation.kind!, progress);
  if (skipped.length === 0 && open.length === 0) return null;
  return (
    <Panel id="setup-status-title" title={t('setupStatus.title')}>
      {open.length > 0 && (
        <p>
          <Link to="/setup" className="text-teal-900 underline">
            {t('setupStatus.continue', { step: stepTitle(t, open[0]!, organisation.kind) })}
          </Link>
        </p>
      )}
      {skipped.length > 0 && (
        <>
          <p>{t('setupStatus.skipped')}</p>
          <ul className="flex flex-wrap gap-2">
            {skipped.map((step) => (
              <li key={step}>
                <Link
                  to={`/setup/${step}`}
                  className="inline-flex min-h-11 items-center rounded-lg border border-slate-500 px-3 underline"
                >
                  {stepTitle(t, step, organisation.kind)}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}
