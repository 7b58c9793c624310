-- A command's answer is final: conflicts and rejections are recorded in `commands` too,
-- so that a delayed or replayed copy of a refused command is refused again as it was,
-- never decided anew. Accepted and refused share the one key (hospital_id, command_id):
-- two copies decided at once cannot both be recorded, the second is retried and reads
-- the first's answer. A refusal's outcome is {status, error}.
ALTER TABLE commands DROP CONSTRAINT commands_status_check;
ALTER TABLE commands
  ADD CONSTRAINT commands_status_check CHECK (status IN ('accepted', 'rebased', 'conflict', 'rejected'));

-- Who pushed it. Refusals are kept per person (the newest REFUSALS_KEPT_PER_USER), as the
-- person is the one thing a body cannot choose; rows from before this migration have none.
ALTER TABLE commands ADD COLUMN user_id uuid;
ALTER TABLE commands
  ADD CONSTRAINT commands_refusal_has_author CHECK (status IN ('accepted', 'rebased') OR user_id IS NOT NULL);

-- A person's refusals, oldest first (a batch's own in client_seq order): the push prunes
-- the oldest beyond the bound.
CREATE INDEX commands_refusals ON commands (hospital_id, user_id, processed_at, client_seq, command_id)
  WHERE status IN ('conflict', 'rejected');

-- The application role prunes refusals, and only refusals: an accepted or rebased
-- command's record is kept for ever (restrictive, so it narrows tenant_isolation).
GRANT DELETE ON commands TO mymedic_app;
CREATE POLICY prune_refusals_only ON commands AS RESTRICTIVE FOR DELETE TO mymedic_app
  USING (status IN ('conflict', 'rejected'));
