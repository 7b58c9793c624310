import { findOverlaps, type AppointmentSlot } from '@mymedic/shared';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinic } from '../../app/clinic';
import type { AppointmentRow, LocalDatabase } from '../../engine/db';
import { secondaryButtonClass } from '../../ui/Field';

/** The same doctor's appointments this device knows of that the slot would overlap. */
export async function clashesOnDevice(
  db: LocalDatabase,
  slot: AppointmentSlot,
): Promise<AppointmentRow[]> {
  const start = Date.parse(slot.starts_at);
  const sameDay = await db.appointments
    .where('[doctor_id+starts_at]')
    .between(
      [slot.doctor_id, new Date(start - 24 * 3600_000).toISOString()],
      [slot.doctor_id, new Date(start + 24 * 3600_000).toISOString()],
    )
    .toArray();
  return findOverlaps(slot, sameDay);
}

/**
 * The warning before a slot that overlaps the doctor's appointments on this device.
 * `clashes(slot)` checks and, when it overlaps, keeps the slot with what it overlaps:
 * going ahead then books exactly the slot the warning was about.
 */
export function useOverbookingWarning<S extends AppointmentSlot>() {
  const { db } = useClinic();
  const [warning, setWarning] = useState<{ slot: S; clashes: AppointmentRow[] } | null>(null);
  return {
    warning,
    async clashes(slot: S): Promise<boolean> {
      const found = await clashesOnDevice(db, slot);
      setWarning(found.length > 0 ? { slot, clashes: found } : null);
      return found.length > 0;
    },
    clear: () => setWarning(null),
  };
}

/**
 * What the warning says, with the one way past it: "Book (or Move) anyway as an intended
 * overbooking", recorded as intended on the appointment.
 */
export function OverbookingWarning({
  verb,
  onOverbook,
  onOtherTime,
  children,
}: {
  verb: 'book' | 'move';
  onOverbook: () => void;
  onOtherTime?: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation('appointments');
  return (
    <div role="alert" className="rounded-lg bg-amber-50 p-3 text-amber-950 sm:col-span-2">
      {children}
      <div className="mt-2 flex flex-wrap gap-2">
        <button type="button" className={secondaryButtonClass} onClick={onOverbook}>
          {t(`overbooking.${verb}Anyway`)}
        </button>
        {onOtherTime && (
          <button type="button" className={secondaryButtonClass} onClick={onOtherTime}>
            {t('overbooking.otherTime')}
          </button>
        )}
      </div>
    </div>
  );
}
