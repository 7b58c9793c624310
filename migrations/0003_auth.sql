-- Server-only tables: password hashes and refresh tokens never become events.
CREATE TABLE users (
  hospital_id uuid    NOT NULL,
  user_id     uuid    NOT NULL,
  email       text    NOT NULL,
  full_name   text    NOT NULL,
  role        text    NOT NULL,
  active      boolean NOT NULL DEFAULT true,
  PRIMARY KEY (hospital_id, user_id)
);

CREATE TABLE credentials (
  hospital_id   uuid        NOT NULL,
  user_id       uuid        NOT NULL,
  email         text        NOT NULL,
  password_hash text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hospital_id, user_id)
);
-- Sign-in is by email alone, so an email belongs to one account across all tenants.
CREATE UNIQUE INDEX credentials_email ON credentials (email);

CREATE TABLE refresh_tokens (
  hospital_id uuid        NOT NULL,
  token_hash  text        NOT NULL,
  family_id   uuid        NOT NULL,
  user_id     uuid        NOT NULL,
  device_id   text,
  issued_at   timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  revoked_at  timestamptz,
  PRIMARY KEY (hospital_id, token_hash)
);
CREATE UNIQUE INDEX refresh_tokens_hash ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family ON refresh_tokens (hospital_id, family_id);

-- Failed sign-ins, for throttling per account and per address. Holds no tenant data.
CREATE TABLE login_failures (
  email     text        NOT NULL,
  address   text        NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email ON login_failures (email, failed_at);
CREATE INDEX login_failures_address ON login_failures (address, failed_at);
