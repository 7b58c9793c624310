import type { HospitalState, SetupProgress, SetupStep } from './events';

type Kind = NonNullable<HospitalState['kind']>;

/**
 * The first-run setup's steps for each kind of organisation, in order: an independent
 * doctor sets their practice, time zone and hours; a clinic adds its locations and staff;
 * a hospital the same, its locations being departments and its staff invited in bulk.
 */
export const setupStepsByKind: Record<Kind, readonly SetupStep[]> = {
  independent: ['practice', 'time_zone', 'hours'],
  clinic: ['practice', 'time_zone', 'hours', 'locations', 'staff'],
  hospital: ['practice', 'time_zone', 'hours', 'locations', 'staff'],
};

/** The steps neither saved nor put off, in order. */
export function openSetupSteps(kind: Kind, progress: SetupProgress): SetupStep[] {
  return setupStepsByKind[kind].filter(
    (step) => !progress.finished.includes(step) && !progress.skipped.includes(step),
  );
}

/** The steps put off and not saved since, in order: offered again on the organisation screen. */
export function skippedSetupSteps(kind: Kind, progress: SetupProgress): SetupStep[] {
  return setupStepsByKind[kind].filter(
    (step) => progress.skipped.includes(step) && !progress.finished.includes(step),
  );
}

/** The progress once a step is saved (it is no longer put off) or put off. */
export function progressAfter(
  progress: SetupProgress,
  step: SetupStep,
  outcome: 'finished' | 'skipped',
): SetupProgress {
  if (outcome === 'finished') {
    return {
      finished: progress.finished.includes(step) ? progress.finished : [...progress.finished, step],
      skipped: progress.skipped.filter((other) => other !== step),
    };
  }
  return {
    finished: progress.finished,
    skipped: progress.skipped.includes(step) ? progress.skipped : [...progress.skipped, step],
  };
}
