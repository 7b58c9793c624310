import type { CommandOutcome } from './clinical-steps';

/** What the runs did, for the report and so that a property that did nothing fails. */
export const newTally = () => ({
  runs: 0,
  commands: { queued: 0, refused: 0, unchanged: 0, 'nothing to act on': 0 } as Record<
    CommandOutcome,
    number
  >,
  resolutions: { queued: 0, refused: 0, unchanged: 0, 'nothing to act on': 0 } as Record<
    CommandOutcome,
    number
  >,
  invariantChecks: 0,
  quiescenceRounds: 0,
  acknowledgedChecked: 0,
  stored: 0,
  conflicts: 0,
  redundant: 0,
  serverEvents: 0,
});
export type Tally = ReturnType<typeof newTally>;
