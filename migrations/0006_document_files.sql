-- The bytes of attached documents, addressed by their SHA-256. The DocumentAttached
-- event carries only the metadata and the digest; the device that attached the file
-- uploads it here when the server answers, and other devices fetch it when opened.
-- Not a projection: nothing rebuilds it, and a file once stored never changes.
CREATE TABLE document_files (
  hospital_id uuid        NOT NULL,
  sha256      text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  mime_type   text        NOT NULL,
  -- maxDocumentBytes (10 MiB), as the shared document schema says.
  size_bytes  integer     NOT NULL CHECK (size_bytes BETWEEN 1 AND 10485760),
  bytes       bytea       NOT NULL,
  uploaded_by uuid        NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hospital_id, sha256),
  CHECK (octet_length(bytes) = size_bytes)
);
-- Photos and PDFs are compressed already: store them out of line without trying again.
ALTER TABLE document_files ALTER COLUMN bytes SET STORAGE EXTERNAL;

ALTER TABLE document_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_files FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON document_files TO mymedic_app
  USING (hospital_id = current_hospital_id())
  WITH CHECK (hospital_id = current_hospital_id());

-- Content-addressed: stored once, read many times, never changed or removed.
GRANT SELECT, INSERT ON document_files TO mymedic_app;
