import {
  bookingOverrides,
  clinicDateOf,
  type BookingOverride,
  type BookingOverrideKind,
} from '@mymedic/shared';
import { useState } from 'react';
import type { OrganisationRow } from '../../engine/db';

/** What is unusual about booking this slot now (see bookingOverrides in shared). */
export function overridesFor(
  slot: { starts_at: string; duration_minutes: number },
  organisation: OrganisationRow | undefined,
  zone: string,
  now = Date.now(),
): BookingOverride[] {
  return bookingOverrides({
    ...slot,
    date: clinicDateOf(Date.parse(slot.starts_at), zone),
    openingHours: organisation?.settings.opening_hours ?? [],
    timeZone: zone,
    now,
  });
}

const sameKinds = (a: BookingOverride[], b: BookingOverride[]) =>
  a.map((override) => override.kind).join() === b.map((override) => override.kind).join();

/**
 * The explicit say-so before booking or moving to an unusual slot: the first try shows
 * what is unusual with a checkbox; only a later try with the box ticked, for the same
 * reasons, goes ahead, recording them on the event.
 */
export function useBookingOverride() {
  const [asked, setAsked] = useState<BookingOverride[]>([]);
  const [confirmed, setConfirmed] = useState(false);
  return {
    asked,
    confirmed,
    setConfirmed,
    /** The overrides to record, or null while the person has still to confirm them. */
    check(found: BookingOverride[]): BookingOverrideKind[] | null {
      if (found.length === 0) {
        setAsked([]);
        return [];
      }
      if (confirmed && sameKinds(asked, found)) return found.map((override) => override.kind);
      setAsked(found);
      setConfirmed(false);
      return null;
    },
  };
}

/** The reasons, and the checkbox that confirms them ("Book anyway: In the past"). */
export function BookingOverrideCheck({
  override,
  verb,
  id,
}: {
  override: ReturnType<typeof useBookingOverride>;
  verb: 'Book' | 'Move';
  id: string;
}) {
  if (override.asked.length === 0) return null;
  const reasons = override.asked.map((found) => found.message).join('; ');
  return (
    <div role="alert" className="rounded-lg bg-amber-50 p-3 text-amber-950 sm:col-span-2">
      <p className="font-medium">This time is unusual: {reasons}.</p>
      <div className="mt-2 flex min-h-11 items-center gap-3">
        <input
          id={id}
          type="checkbox"
          className="h-6 w-6 shrink-0"
          checked={override.confirmed}
          onChange={(event) => override.setConfirmed(event.target.checked)}
        />
        <label htmlFor={id}>
          {verb} anyway: {reasons}
        </label>
      </div>
      {!override.confirmed && (
        <p className="mt-1 text-sm">Tick the box, then {verb.toLowerCase()} again.</p>
      )}
    </div>
  );
}
