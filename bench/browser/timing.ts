/** The value below which `fraction` of the samples fall (nearest rank). */
export function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

export interface Latencies {
  p50: number;
  p95: number;
  samples: number;
}

export const latencies = (samples: number[]): Latencies => ({
  p50: percentile(samples, 0.5),
  p95: percentile(samples, 0.95),
  samples: samples.length,
});

/** Milliseconds that `work` took. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}
