/**
 * The ticks of a chart's value axis: round steps (1, 2 or 5 times a power of ten, whole
 * numbers for counts) from 0 to at least the largest value, about `wanted` of them.
 */
export function niceTicks(largest: number, wanted = 4, wholeNumbers = true): number[] {
  if (!(largest > 0)) return [0, 1];
  const rough = largest / wanted;
  const power = 10 ** Math.floor(Math.log10(rough));
  let step = [1, 2, 5, 10].map((factor) => factor * power).find((size) => size >= rough)!;
  if (wholeNumbers) step = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let tick = 0; ticks.at(-1)! < largest || ticks.length < 2; tick += step) {
    ticks.push(Math.round(tick * 1e6) / 1e6);
  }
  return ticks;
}

/** Which labels of `count` bars to print so that at most about `room` show, evenly spaced. */
export function labelledEvery(count: number, room: number): number {
  return Math.max(1, Math.ceil(count / room));
}
