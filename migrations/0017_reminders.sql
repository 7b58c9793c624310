-- Appointment reminders (docs/reminders.md): the outbox the scheduler fills from the log
-- and the sender empties. One row per appointment, channel and kind of reminder (24h,
-- 2h...), whatever happens to the appointment: a move updates the row, a cancellation
-- cancels it, so a reminder is never queued twice. Unlike a read model this is not a
-- cache of the log: `state` records what was sent, so nothing ever empties it.
CREATE TABLE reminder_outbox (
  hospital_id         uuid        NOT NULL,
  appointment_id      uuid        NOT NULL,
  channel             text        NOT NULL CHECK (channel IN ('whatsapp', 'sms', 'email')),
  reminder_kind       text        NOT NULL,
  offset_minutes      integer     NOT NULL CHECK (offset_minutes > 0),
  patient_id          uuid        NOT NULL,
  appointment_starts_at timestamptz NOT NULL,
  -- When it is meant to go (quiet hours applied), and when the sender may next try it.
  due_at              timestamptz NOT NULL,
  state               text        NOT NULL
    CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'cancelled', 'skipped')),
  -- The E.164 number or email address, and the message, as of the last planning.
  address             text,
  subject             text,
  body                text,
  attempts            integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at     timestamptz,
  -- A sending row belongs to the claim with this token until the lease runs out; then
  -- another sender takes it back (the one window in which a message may go twice).
  claim_token         uuid,
  claimed_until       timestamptz,
  -- How many times a sending row was taken back after its lease ran out.
  reclaimed           integer     NOT NULL DEFAULT 0,
  provider_message_id text,
  last_error          text,
  -- Why it was skipped or cancelled, in the clinic's words.
  detail              text,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hospital_id, appointment_id, channel, reminder_kind)
);
CREATE INDEX reminder_outbox_due ON reminder_outbox (hospital_id, next_attempt_at)
  WHERE state = 'pending';
CREATE INDEX reminder_outbox_leases ON reminder_outbox (hospital_id, claimed_until)
  WHERE state = 'sending';
CREATE INDEX reminder_outbox_by_patient ON reminder_outbox (hospital_id, patient_id);

ALTER TABLE reminder_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE reminder_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON reminder_outbox TO mymedic_app
  USING (hospital_id = current_hospital_id())
  WITH CHECK (hospital_id = current_hospital_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON reminder_outbox TO mymedic_app;

-- The hospitals with a reminder to send by `at` (due, or a sending lease run out): the
-- sender's one look across tenants. It runs as its owner and returns ids alone; the
-- sender then claims rows in each hospital's own transaction, under the policy.
CREATE FUNCTION hospitals_with_due_reminders(at timestamptz)
  RETURNS TABLE (hospital_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT DISTINCT o.hospital_id FROM reminder_outbox AS o
     WHERE (o.state = 'pending' AND o.next_attempt_at <= at)
        OR (o.state = 'sending' AND o.claimed_until <= at)
  $$;
REVOKE ALL ON FUNCTION hospitals_with_due_reminders(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hospitals_with_due_reminders(timestamptz) TO mymedic_auth;
