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

declare global {
  interface Window {
    /** Exposed by bench/src/browser.ts: CPU milliseconds of Chromium and the server so far. */
    benchCpu?: () => Promise<{ chromiumMs: number; serverMs: number }>;
  }
}

/** Wall-clock and CPU milliseconds (Chromium's processes, the server's) that `work` took. */
export interface Measured {
  ms: number;
  chromiumCpuMs: number | null;
  serverCpuMs: number | null;
}

export async function measured(work: () => Promise<unknown>): Promise<Measured> {
  const cpuBefore = await window.benchCpu?.();
  const started = performance.now();
  await work();
  const ms = Math.round(performance.now() - started);
  const cpuAfter = await window.benchCpu?.();
  return {
    ms,
    chromiumCpuMs: cpuBefore && cpuAfter ? cpuAfter.chromiumMs - cpuBefore.chromiumMs : null,
    serverCpuMs: cpuBefore && cpuAfter ? cpuAfter.serverMs - cpuBefore.serverMs : null,
  };
}
