-- The patient portal (docs/portal.md): sign-in by a one-time code, the portal's sessions,
-- and the role its routes switch to, which row level security holds to one patient of
-- one hospital whatever a route asks for.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mymedic_portal') THEN
    CREATE ROLE mymedic_portal NOLOGIN NOBYPASSRLS;
  END IF;
END
$$;

DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT mymedic_portal TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO mymedic_portal;
GRANT EXECUTE ON FUNCTION current_hospital_id() TO mymedic_portal;

-- The patient the current portal transaction works for; NULL when none is set, which
-- matches no row at all.
CREATE FUNCTION current_patient_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('mymedic.patient_id', true), '')::uuid $$;
GRANT EXECUTE ON FUNCTION current_patient_id() TO mymedic_portal;

-- A sign-in code asked for: only the code's keyed hash is kept. A challenge for a
-- contact no patient has (patient_id NULL) is stored too, so that it answers and fails
-- as any other and counts against the contact's limit.
CREATE TABLE portal_challenges (
  challenge_id uuid        PRIMARY KEY,
  hospital_id  uuid        NOT NULL,
  patient_id   uuid,
  -- The contact as typed, normalised (an email in lower case, a phone's last 9 digits):
  -- what the per-contact limit counts.
  contact_key  text        NOT NULL,
  code_hash    text        NOT NULL,
  sent_via     text        NOT NULL CHECK (sent_via IN ('whatsapp', 'sms', 'email')),
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  tries        integer     NOT NULL DEFAULT 0 CHECK (tries >= 0),
  -- Used, or dead after too many wrong codes.
  closed_at    timestamptz
);
CREATE INDEX portal_challenges_contact ON portal_challenges (hospital_id, contact_key, created_at);
CREATE INDEX portal_challenges_patient ON portal_challenges (hospital_id, patient_id, created_at)
  WHERE patient_id IS NOT NULL;

-- A signed-in portal session: its token names it, and signing out revokes it.
CREATE TABLE portal_sessions (
  hospital_id  uuid        NOT NULL,
  session_id   uuid        NOT NULL,
  patient_id   uuid        NOT NULL,
  challenge_id uuid        NOT NULL,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  PRIMARY KEY (hospital_id, session_id)
);
CREATE INDEX portal_sessions_patient ON portal_sessions (hospital_id, patient_id);

DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['portal_challenges', 'portal_sessions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I TO mymedic_app
         USING (hospital_id = current_hospital_id())
         WITH CHECK (hospital_id = current_hospital_id())',
      tenant_table
    );
  END LOOP;
END
$$;
-- Asking for a code knows the hospital (the application role); checking one knows only
-- the challenge, so it runs as the sign-in role, as a staff sign-in does.
GRANT SELECT, INSERT, UPDATE (closed_at) ON portal_challenges TO mymedic_app;
GRANT SELECT, INSERT, UPDATE ON portal_sessions TO mymedic_app;
CREATE POLICY sign_in ON portal_challenges TO mymedic_auth USING (true) WITH CHECK (true);
CREATE POLICY sign_in ON portal_sessions TO mymedic_auth USING (true) WITH CHECK (true);
GRANT SELECT, UPDATE ON portal_challenges TO mymedic_auth;
GRANT SELECT, INSERT ON portal_sessions TO mymedic_auth;

-- The portal role: its own patient's session, which it may end.
CREATE POLICY own_patient ON portal_sessions TO mymedic_portal
  USING (hospital_id = current_hospital_id() AND patient_id = current_patient_id());
GRANT SELECT, UPDATE (revoked_at) ON portal_sessions TO mymedic_portal;

-- What the portal shows is shared later by the clinic: a document's read model knows
-- when (DocumentSharedWithPatient), and an appointment's the patient's newest answer.
ALTER TABLE documents ADD COLUMN shared_at timestamptz;
ALTER TABLE appointments ADD COLUMN patient_response jsonb;

-- The read models a portal session reads, each held to one patient of one hospital.
DO $$
DECLARE
  patient_table text;
BEGIN
  FOREACH patient_table IN ARRAY ARRAY[
    'patients', 'appointments', 'visits', 'vitals', 'prescriptions'
  ] LOOP
    EXECUTE format(
      'CREATE POLICY own_patient ON %I FOR SELECT TO mymedic_portal
         USING (hospital_id = current_hospital_id() AND patient_id = current_patient_id())',
      patient_table
    );
    EXECUTE format('GRANT SELECT ON %I TO mymedic_portal', patient_table);
  END LOOP;
END
$$;
-- Documents: only those the clinic shared with the patient, and not archived.
CREATE POLICY own_patient ON documents FOR SELECT TO mymedic_portal
  USING (hospital_id = current_hospital_id() AND patient_id = current_patient_id()
         AND shared_at IS NOT NULL AND NOT coalesce((state ->> 'archived')::boolean, false));
GRANT SELECT ON documents TO mymedic_portal;
-- A document's file, when a document of this patient the portal may read names it (the
-- documents' own policy applies inside the subquery).
CREATE POLICY own_patient ON document_files FOR SELECT TO mymedic_portal
  USING (hospital_id = current_hospital_id() AND EXISTS (
    SELECT 1 FROM documents AS d
     WHERE d.hospital_id = document_files.hospital_id
       AND d.state -> 'document' ->> 'sha256' = document_files.sha256));
GRANT SELECT ON document_files TO mymedic_portal;
-- The names of the clinic's staff (the doctor of an appointment), nothing else of them.
CREATE POLICY clinic_staff_names ON users FOR SELECT TO mymedic_portal
  USING (hospital_id = current_hospital_id());
GRANT SELECT (hospital_id, user_id, full_name) ON users TO mymedic_portal;
-- The organisation's own stream (its name and locations), and no other event.
CREATE POLICY clinic_stream ON event_store FOR SELECT TO mymedic_portal
  USING (hospital_id = current_hospital_id() AND aggregate_type = 'hospital');
GRANT SELECT ON event_store TO mymedic_portal;
-- An appointment's version (what the portal shows it at), for the patient's own.
CREATE POLICY own_appointments ON streams FOR SELECT TO mymedic_portal
  USING (hospital_id = current_hospital_id() AND aggregate_type = 'appointment'
         AND aggregate_id IN (SELECT appointment_id FROM appointments));
GRANT SELECT ON streams TO mymedic_portal;
