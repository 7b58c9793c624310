import type { VisitStatus } from '@mymedic/shared';

/** Where a visit stands, in the words the queue and the patient's page use. */
export const visitStatusWords: Record<VisitStatus, string> = {
  waiting: 'Waiting',
  in_triage: 'Triaged, waiting for the doctor',
  in_consultation: 'With the doctor',
  completed: 'Completed',
};
