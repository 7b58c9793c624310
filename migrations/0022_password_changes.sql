-- A password an admin set for a colleague (a reset) must be changed at the next sign-in:
-- the sign-in refuses it until a new one is chosen with it.
ALTER TABLE credentials ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE credentials ADD COLUMN password_changed_at timestamptz;

-- Who changed whose password, and how: the person themselves ('changed', also at a
-- sign-in that had to change a temporary one) or an admin ('reset'). No secret is kept.
CREATE TABLE password_changes (
  hospital_id uuid        NOT NULL,
  user_id     uuid        NOT NULL,
  changed_by  uuid        NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('changed', 'reset')),
  address     text        NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_changes_user ON password_changes (hospital_id, user_id, changed_at);

ALTER TABLE password_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE password_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON password_changes TO mymedic_app
  USING (hospital_id = current_hospital_id())
  WITH CHECK (hospital_id = current_hospital_id());

-- The audit is appended to, never rewritten. Every change, a sign-in's included, is
-- written once the account's hospital is known, as the application role.
GRANT SELECT, INSERT ON password_changes TO mymedic_app;
