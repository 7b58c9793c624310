const hour = 3600;

/**
 * The time axis's span, in seconds, for readings from `min` to `max`. uPlot widens a
 * span of nothing (one reading, or several in the same minute) to years either side;
 * here it is a day centred on the readings, so the axis reads in hours. Readings further
 * apart keep their own span, with a twentieth of it either side so the first and last
 * dots are not cut at the edges.
 */
export function timeRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null) {
    const now = Date.now() / 1000;
    return [now - 12 * hour, now + 12 * hour];
  }
  const span = max - min;
  if (span < hour) {
    const middle = (min + max) / 2;
    return [middle - 12 * hour, middle + 12 * hour];
  }
  return [min - span / 20, max + span / 20];
}
