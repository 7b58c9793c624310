-- A completed appointment holds its doctor's time, as a booked or checked-in one does:
-- the one rule of which appointment holds a doctor's time (`holdsDoctorsTime` and
-- `statusesHoldingDoctorsTime` in shared/src/domain/appointment/overlap.ts), which the
-- device's warning and the server's double-booking check also follow. Until now the
-- server let a booking overlap a completed appointment, so the read model may hold such
-- overlaps, accepted under the old rule. So that the stricter constraint holds, each
-- completed appointment that overlaps another appointment holding the same doctor's
-- time is marked here, in the read model only, as an intended overbooking: its time
-- stays free, as it was when the overlap was accepted, and the live bookings keep
-- theirs. The log is not touched. A rebuild (`pnpm rebuild-projections`) replays the
-- log without these marks and fails at commit for a hospital holding such an overlap.
UPDATE appointments AS completed
   SET overbooking_intended = true
 WHERE completed.status = 'completed'
   AND NOT completed.overbooking_intended
   AND EXISTS (
     SELECT 1 FROM appointments AS other
      WHERE other.hospital_id = completed.hospital_id
        AND other.doctor_id = completed.doctor_id
        AND other.appointment_id <> completed.appointment_id
        AND other.during && completed.during
        AND other.status IN ('scheduled', 'checked_in', 'completed')
        AND NOT other.overbooking_intended);

ALTER TABLE appointments DROP CONSTRAINT appointments_no_double_booking;
-- A doctor's booked time never overlaps, unless the booking said it meant to. Checked
-- at commit: one batch may swap two slots through a third.
ALTER TABLE appointments ADD CONSTRAINT appointments_no_double_booking EXCLUDE USING gist (
    hospital_id WITH =,
    doctor_id WITH =,
    during WITH &&
  ) WHERE (status IN ('scheduled', 'checked_in', 'completed') AND NOT overbooking_intended)
    DEFERRABLE INITIALLY DEFERRED;
