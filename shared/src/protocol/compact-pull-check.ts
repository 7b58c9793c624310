import { regexes } from 'zod';
import { aggregateTypes } from '../kernel/decider';
import {
  compactPullFormat,
  compactPullResponseSchema,
  type CompactPullResponse,
} from './compact-pull';

const uuid = regexes.uuid();
const instant = regexes.datetime({ offset: true });
const knownAggregates = new Set<string>(aggregateTypes);

const isUuid = (value: unknown) => typeof value === 'string' && uuid.test(value);
const isInstant = (value: unknown) => typeof value === 'string' && instant.test(value);
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 1;
const isName = (value: unknown) =>
  typeof value === 'string' && value.length >= 1 && value.length <= 100;

/** One compact event, by the same rules as `compactEventSchema`, field by field. */
function isCompactEvent(row: unknown): boolean {
  if (!Array.isArray(row) || row.length < 13 || row.length > 14) return false;
  return (
    isUuid(row[0]) &&
    knownAggregates.has(row[1] as string) &&
    isUuid(row[2]) &&
    isCount(row[3]) &&
    isName(row[4]) &&
    isCount(row[5]) &&
    isUuid(row[7]) &&
    isName(row[8]) &&
    isUuid(row[9]) &&
    isInstant(row[10]) &&
    isCount(row[11]) &&
    isInstant(row[12]) &&
    (row.length === 13 || row[13] === 1)
  );
}

/**
 * The check of a compact page a device runs on every page of its first sync: the rules
 * of `compactPullResponseSchema` (zod's own patterns for ids and instants) written out
 * as plain tests, several times faster over 10,000 events than zod's general walk,
 * which took a second of the device's main thread per 100,000 events. A page this
 * check doubts goes through the schema itself, which says what is wrong (or, should the
 * two ever differ, has the last word).
 */
export const compactPullAnswer = {
  safeParse(input: unknown) {
    const page = input as Partial<CompactPullResponse> | null;
    const valid =
      typeof page === 'object' &&
      page !== null &&
      page.format === compactPullFormat &&
      isUuid(page.hospital_id) &&
      Number.isSafeInteger(page.head) &&
      typeof page.has_more === 'boolean' &&
      Array.isArray(page.events) &&
      page.events.every(isCompactEvent);
    if (!valid) return compactPullResponseSchema.safeParse(input);
    const { format, hospital_id, events, head, has_more } = page as CompactPullResponse;
    return { success: true as const, data: { format, hospital_id, events, head, has_more } };
  },
};
