import { describe, expect, it } from 'vitest';
import { openSetupSteps, progressAfter, skippedSetupSteps } from './setup';

describe('first-run setup', () => {
  it('asks an independent doctor fewer steps than a clinic', () => {
    const none = { finished: [], skipped: [] };
    expect(openSetupSteps('independent', none)).toEqual(['practice', 'time_zone', 'hours']);
    expect(openSetupSteps('clinic', none)).toEqual([
      'practice',
      'time_zone',
      'hours',
      'locations',
      'staff',
    ]);
  });

  it('resumes at the first step neither saved nor skipped, and offers skipped ones again', () => {
    let progress = progressAfter({ finished: [], skipped: [] }, 'practice', 'finished');
    progress = progressAfter(progress, 'time_zone', 'skipped');
    expect(openSetupSteps('clinic', progress)[0]).toBe('hours');
    expect(skippedSetupSteps('clinic', progress)).toEqual(['time_zone']);
    progress = progressAfter(progress, 'time_zone', 'finished');
    expect(progress).toEqual({ finished: ['practice', 'time_zone'], skipped: [] });
    expect(skippedSetupSteps('clinic', progress)).toEqual([]);
    // Saving or skipping twice records once.
    expect(progressAfter(progress, 'practice', 'finished')).toEqual(progress);
  });
});
