import type { ReadModel } from './read-model';

/** Where one projection stands for one hospital. */
export interface ProjectionLag {
  hospital_id: string;
  projection: string;
  status: 'live' | 'rebuilding' | 'failed';
  position: number;
  head: number;
  events_behind: number;
  /** How long ago the oldest event it has not applied was stored; 0 when caught up. */
  seconds_behind: number;
  detail: string | null;
}

/** Where one read model stands across hospitals: the worst of them. */
export interface ProjectionSummary {
  status: ProjectionLag['status'];
  events_behind: number;
  seconds_behind: number;
  /** Hospitals where it has stopped at an event it could not apply. */
  failed_hospitals: number;
}

const worse = { live: 0, rebuilding: 1, failed: 2 } as const;

/** Per read model, the worst of its hospitals (for /health, which names no hospital). */
export function summarise(
  models: readonly ReadModel[],
  lags: readonly ProjectionLag[],
): Record<string, ProjectionSummary> {
  const summary: Record<string, ProjectionSummary> = Object.fromEntries(
    models.map((model) => [
      model.name,
      { status: 'live', events_behind: 0, seconds_behind: 0, failed_hospitals: 0 },
    ]),
  );
  for (const lag of lags) {
    const entry = summary[lag.projection];
    if (!entry) continue;
    if (worse[lag.status] > worse[entry.status]) entry.status = lag.status;
    entry.events_behind = Math.max(entry.events_behind, lag.events_behind);
    entry.seconds_behind = Math.max(entry.seconds_behind, lag.seconds_behind);
    if (lag.status === 'failed') entry.failed_hospitals += 1;
  }
  return summary;
}
