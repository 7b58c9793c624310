-- Snapshots of long streams (docs/read-side.md, "Snapshots"): a push folds an
-- aggregate from its newest snapshot and the events after it, not from its first
-- event. A snapshot is the shared fold of the events up to `version`, a cache of the log
-- like a read model: deleting every row loses nothing (`pnpm create-snapshots` makes
-- them again), and a release that changes how an aggregate folds deletes its snapshots
-- in its migration.
CREATE TABLE aggregate_snapshots (
  hospital_id    uuid        NOT NULL,
  aggregate_id   uuid        NOT NULL,
  aggregate_type text        NOT NULL,
  version        integer     NOT NULL CHECK (version > 0),
  state          jsonb       NOT NULL,
  taken_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hospital_id, aggregate_id)
);

ALTER TABLE aggregate_snapshots ENABLE ROW LEVEL SECURITY;
ALTER TABLE aggregate_snapshots FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON aggregate_snapshots TO mymedic_app
  USING (hospital_id = current_hospital_id())
  WITH CHECK (hospital_id = current_hospital_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON aggregate_snapshots TO mymedic_app;
