import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

/** One benchmark's figure, as bench/results.json keeps it. */
export interface Result {
  value: number;
  unit: string;
  peer?: number;
  ratio?: number;
  goal?: string;
  params: Record<string, unknown>;
}

export type Results = Record<string, Result>;

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/**
 * The machine's 1-minute load average now: a figure with no peer, taken on a machine
 * shared with other work, is read with the load at its start and end (params.load_average).
 */
export const loadNow = () => round(loadavg()[0]!, 1);

const benchDirectory = fileURLToPath(new URL('..', import.meta.url));

/** Merges into results.json (benchmarks not run keep their last figure) and the README table. */
export async function writeResults(results: Results) {
  const file = join(benchDirectory, 'results.json');
  let previous: Results = {};
  try {
    previous = JSON.parse(await readFile(file, 'utf8')) as Results;
  } catch {
    // first run
  }
  const merged = { ...previous, ...results };
  await writeFile(file, `${JSON.stringify(merged, null, 2)}\n`);
  const rows = Object.entries(merged).map(
    ([name, result]) =>
      `| ${name} | ${result.value} ${result.unit} | ${result.peer ?? '—'} | ${result.ratio ?? '—'} | ${result.goal ?? ''} |`,
  );
  const table = [
    '| benchmark | MyMedic | peer | ratio | goal |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  const readmePath = join(benchDirectory, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  const start = readme.indexOf('<!-- results:start -->');
  const end = readme.indexOf('<!-- results:end -->');
  if (start >= 0 && end > start) {
    const updated = `${readme.slice(0, start)}<!-- results:start -->\n\n${table}\n\n${readme.slice(end)}`;
    // Formatted as the workspace formats it, so `prettier --check` stays clean.
    const options = await prettier.resolveConfig(readmePath);
    await writeFile(
      readmePath,
      await prettier.format(updated, { ...options, filepath: readmePath }),
    );
  }
  console.log(table);
}
