-- The server's read side (docs/read-side.md): read models of the clinical aggregates,
-- kept by the projector behind the log (not in the push's transaction), and where each
-- projection stands. A read model is a cache of the log: `pnpm rebuild-projections`
-- empties and refills it, so nothing here is ever the only copy of anything.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- How far each projection has applied each hospital's log, written in the same
-- transaction as the rows it applied: a crash loses both or neither.
CREATE TABLE projection_checkpoints (
  hospital_id uuid        NOT NULL,
  projection  text        NOT NULL,
  position    bigint      NOT NULL DEFAULT 0 CHECK (position >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hospital_id, projection)
);

-- Whether a projection is live, being rebuilt, or stopped at an event it could not apply.
CREATE TABLE projection_state (
  hospital_id uuid        NOT NULL,
  projection  text        NOT NULL,
  status      text        NOT NULL CHECK (status IN ('live', 'rebuilding', 'failed')),
  detail      text,
  since       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hospital_id, projection)
);

-- The events a projection failed to apply: which, why, how many times.
CREATE TABLE projection_errors (
  hospital_id     uuid        NOT NULL,
  projection      text        NOT NULL,
  position        bigint      NOT NULL,
  event_id        uuid        NOT NULL,
  event_type      text        NOT NULL,
  error           text        NOT NULL,
  attempts        integer     NOT NULL DEFAULT 1 CHECK (attempts > 0),
  first_failed_at timestamptz NOT NULL DEFAULT now(),
  last_failed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hospital_id, projection, position)
);

-- One row per aggregate: its folded state (the shared evolve, as on the tablets) and the
-- columns the API searches and sorts by. created_at is when the server stored its first
-- event, updated_at its last.
CREATE TABLE patients (
  hospital_id  uuid        NOT NULL,
  patient_id   uuid        NOT NULL,
  version      integer     NOT NULL,
  mrn          text        NOT NULL,
  full_name    text        NOT NULL,
  -- The phone's digits alone, so "+91 98765-43210" and "9876543210" meet.
  phone_digits text,
  archived     boolean     NOT NULL DEFAULT false,
  state        jsonb       NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  -- What a typo-tolerant search matches against: name, phone digits and MRN, lower case.
  search_text  text        GENERATED ALWAYS AS (
    lower(full_name) || ' ' || coalesce(phone_digits, '') || ' ' || lower(mrn)
  ) STORED,
  PRIMARY KEY (hospital_id, patient_id)
);
CREATE INDEX patients_search ON patients USING gin (search_text gin_trgm_ops);
CREATE INDEX patients_by_name ON patients (hospital_id, full_name, patient_id);

DO $$
DECLARE
  kind record;
BEGIN
  FOR kind IN SELECT * FROM (VALUES
    ('visits', 'visit_id'), ('vitals', 'vitals_id'), ('notes', 'note_id'),
    ('prescriptions', 'prescription_id'), ('documents', 'document_id')
  ) AS kinds (name, id_column) LOOP
    EXECUTE format(
      'CREATE TABLE %I (
         hospital_id uuid        NOT NULL,
         %I          uuid        NOT NULL,
         version     integer     NOT NULL,
         patient_id  uuid,
         %s
         state       jsonb       NOT NULL,
         created_at  timestamptz NOT NULL,
         updated_at  timestamptz NOT NULL,
         PRIMARY KEY (hospital_id, %I)
       )', kind.name, kind.id_column,
       -- a visit is its own visit; the others may belong to one
       CASE WHEN kind.id_column = 'visit_id' THEN '' ELSE 'visit_id uuid,' END,
       kind.id_column);
    EXECUTE format('CREATE INDEX %I ON %I (hospital_id, patient_id, created_at)',
      kind.name || '_by_patient', kind.name);
    EXECUTE format('CREATE INDEX %I ON %I (hospital_id, created_at)',
      kind.name || '_by_time', kind.name);
  END LOOP;
END
$$;

DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY[
    'projection_checkpoints', 'projection_state', 'projection_errors',
    'patients', 'visits', 'vitals', 'notes', 'prescriptions', 'documents'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I TO mymedic_app
         USING (hospital_id = current_hospital_id())
         WITH CHECK (hospital_id = current_hospital_id())',
      tenant_table
    );
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO mymedic_app', tenant_table);
  END LOOP;
END
$$;

-- Operations (lag, the projector's round) look across hospitals as the sign-in role,
-- which reads where each projection stands and nothing of what it holds.
CREATE POLICY operations ON projection_checkpoints FOR SELECT TO mymedic_auth USING (true);
CREATE POLICY operations ON projection_state FOR SELECT TO mymedic_auth USING (true);
GRANT SELECT ON projection_checkpoints, projection_state TO mymedic_auth;
