-- Every tenant table: row level security enabled AND forced, so not even the owner
-- reads across tenants. mymedic_app sees the tenant of app.hospital_id only.
DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY[
    'event_store', 'hospital_heads', 'streams', 'commands', 'users', 'credentials', 'refresh_tokens'
  ] LOOP
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

-- The application role appends events but can never change or remove one.
GRANT SELECT, INSERT ON event_store TO mymedic_app;
GRANT SELECT, INSERT, UPDATE ON hospital_heads, streams, users, credentials, refresh_tokens TO mymedic_app;
GRANT SELECT, INSERT ON commands TO mymedic_app;
-- users is a read model: `pnpm rebuild-projections` empties and refills it.
GRANT DELETE ON users TO mymedic_app;

-- Sign-in happens before the tenant is known: mymedic_auth finds an account by email
-- and manages refresh tokens, and nothing else.
CREATE POLICY sign_in ON credentials FOR SELECT TO mymedic_auth USING (true);
CREATE POLICY sign_in ON users FOR SELECT TO mymedic_auth USING (true);
CREATE POLICY sign_in ON refresh_tokens TO mymedic_auth USING (true) WITH CHECK (true);
-- Maintenance (rebuilding read models) lists the hospitals through the same role.
CREATE POLICY list_hospitals ON hospital_heads FOR SELECT TO mymedic_auth USING (true);
GRANT SELECT ON credentials, users, hospital_heads TO mymedic_auth;
GRANT SELECT, INSERT, UPDATE ON refresh_tokens TO mymedic_auth;
GRANT SELECT, INSERT ON login_failures TO mymedic_auth;
