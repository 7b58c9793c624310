-- The appointments read model (a projection of appointment events). Its exclusion
-- constraint is the last guard against double booking: the append path checks for a
-- clash before it accepts a booking, and this catches two pushes that checked at once.
-- btree_gist lets one gist index compare uuids with = next to ranges with &&. PGlite
-- loads it as a contrib extension when the database is opened.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- The half-open time an appointment holds: the next one may start the minute it ends.
-- Immutable although timestamptz + interval is only stable: whole minutes never depend
-- on the time zone (days and months would).
CREATE FUNCTION appointment_slot(starts_at timestamptz, duration_minutes integer)
  RETURNS tstzrange
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN tstzrange(starts_at, starts_at + make_interval(mins => duration_minutes), '[)');

CREATE TABLE appointments (
  hospital_id          uuid        NOT NULL,
  appointment_id       uuid        NOT NULL,
  patient_id           uuid        NOT NULL,
  doctor_id            uuid        NOT NULL,
  location_id          uuid,
  starts_at            timestamptz NOT NULL,
  duration_minutes     integer     NOT NULL CHECK (duration_minutes > 0),
  during               tstzrange   GENERATED ALWAYS AS (appointment_slot(starts_at, duration_minutes)) STORED,
  status               text        NOT NULL
    CHECK (status IN ('scheduled', 'checked_in', 'completed', 'cancelled', 'no_show')),
  overbooking_intended boolean     NOT NULL DEFAULT false,
  visit_type           text        NOT NULL,
  reason               text        NOT NULL,
  visit_id             uuid,
  PRIMARY KEY (hospital_id, appointment_id),
  -- A doctor's booked time never overlaps, unless the booking said it meant to.
  -- Checked at commit: one batch may swap two slots through a third, and the
  -- projection writes each appointment's final row, not every step in between.
  CONSTRAINT appointments_no_double_booking EXCLUDE USING gist (
    hospital_id WITH =,
    doctor_id WITH =,
    during WITH &&
  ) WHERE (status IN ('scheduled', 'checked_in') AND NOT overbooking_intended)
    DEFERRABLE INITIALLY DEFERRED
);
-- A doctor's or a patient's diary, whatever the status.
CREATE INDEX appointments_doctor ON appointments (hospital_id, doctor_id, starts_at);
CREATE INDEX appointments_patient ON appointments (hospital_id, patient_id, starts_at);

ALTER TABLE appointments ENABLE ROW LEVEL SECURITY;
ALTER TABLE appointments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON appointments TO mymedic_app
  USING (hospital_id = current_hospital_id())
  WITH CHECK (hospital_id = current_hospital_id());

-- A read model: kept by the append path, emptied and refilled by `pnpm rebuild-projections`.
GRANT SELECT, INSERT, UPDATE, DELETE ON appointments TO mymedic_app;
