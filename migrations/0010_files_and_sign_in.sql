-- A file is taken only from a device that attached a document naming it: the upload
-- looks up that DocumentAttached event by the file's digest. Partial, so pushes of
-- every other event type pay nothing for it; partitions made later inherit it.
CREATE INDEX event_store_attached_files ON event_store (hospital_id, (data ->> 'sha256'))
  WHERE type = 'DocumentAttached';

-- Sign-in throttling delays each pair of account and address on its own failures.
CREATE INDEX login_failures_pair ON login_failures (email, address, failed_at);
-- A correct password clears its pair's failures; failures past the window are removed.
GRANT DELETE ON login_failures TO mymedic_auth;
