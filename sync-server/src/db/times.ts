/**
 * A `timestamptz` as the database formats it: ISO 8601 in UTC, every year as four digits
 * and the microseconds kept. Reading one into a JavaScript Date instead loses the
 * microseconds, and the drivers disagree on years before 100 (PGlite's Date is invalid,
 * so a pull answered 500). Use with `isoInstant` on the text it gives.
 */
export const utcIsoText = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The text of `utcIsoText` as devices write instants: with milliseconds (what
 * `Date#toISOString` makes, so a device's own time comes back as it sent it) unless the
 * instant has microseconds, which are kept.
 */
export const isoInstant = (text: string) => text.replace(/(\.\d{3})000Z$/, '$1Z');
