-- Two roles the server switches to inside each transaction (SET LOCAL ROLE), so that
-- row level security applies even when the connecting user owns the tables or is a
-- superuser. Roles are cluster-wide, so they are created only when missing.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mymedic_app') THEN
    CREATE ROLE mymedic_app NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mymedic_auth') THEN
    CREATE ROLE mymedic_auth NOLOGIN NOBYPASSRLS;
  END IF;
END
$$;

-- A non-superuser owner must be a member to SET ROLE to them.
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT mymedic_app, mymedic_auth TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO mymedic_app, mymedic_auth;

-- The tenant the current transaction works for; NULL when none is set, which matches
-- no row at all.
CREATE FUNCTION current_hospital_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.hospital_id', true), '')::uuid $$;
GRANT EXECUTE ON FUNCTION current_hospital_id() TO mymedic_app, mymedic_auth;
