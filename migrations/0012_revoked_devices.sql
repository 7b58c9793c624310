-- Devices an admin reported lost. Their sessions were ended when the report was made;
-- no new session is issued to such a device id, and any request it makes is answered
-- `device_revoked`, which tells the app to wipe what the server holds. A tablet found
-- again gets a new device id when it is wiped, so the record never needs undoing.
CREATE TABLE revoked_devices (
  hospital_id uuid        NOT NULL,
  device_id   text        NOT NULL,
  revoked_by  uuid        NOT NULL,
  revoked_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hospital_id, device_id)
);

ALTER TABLE revoked_devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE revoked_devices FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON revoked_devices TO mymedic_app
  USING (hospital_id = current_hospital_id())
  WITH CHECK (hospital_id = current_hospital_id());
-- Sign-in and refresh run before a tenant is known, as for refresh_tokens.
CREATE POLICY sign_in ON revoked_devices TO mymedic_auth USING (true);

GRANT SELECT, INSERT ON revoked_devices TO mymedic_app;
GRANT SELECT ON revoked_devices TO mymedic_auth;
