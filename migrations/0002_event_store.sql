-- The event store (docs/architecture.md, "Invariants"; docs/protocol.md, "Storage").
-- Rows are appended, never updated or deleted.
CREATE TABLE event_store (
  hospital_id     uuid        NOT NULL,
  position        bigint      NOT NULL,
  event_id        uuid        NOT NULL,
  aggregate_type  text        NOT NULL,
  aggregate_id    uuid        NOT NULL,
  version         integer     NOT NULL,
  type            text        NOT NULL,
  schema_version  integer     NOT NULL,
  data            jsonb       NOT NULL,
  user_id         uuid        NOT NULL,
  device_id       text        NOT NULL,
  command_id      uuid        NOT NULL,
  issued_at       timestamptz NOT NULL,
  stored_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hospital_id, position, stored_at)
) PARTITION BY RANGE (stored_at);

CREATE INDEX event_store_stream ON event_store (hospital_id, aggregate_id, version);
CREATE INDEX event_store_event_id ON event_store (hospital_id, event_id);

-- Catches rows if the partitions ahead were somehow not made; never the normal path.
CREATE TABLE event_store_default PARTITION OF event_store DEFAULT;

-- Creates the monthly partitions from this month to months_ahead months ahead. Run by
-- the server at start and daily, so a partition always exists before it is needed.
CREATE FUNCTION ensure_event_store_partitions(months_ahead integer DEFAULT 3) RETURNS integer
  LANGUAGE plpgsql
  AS $$
DECLARE
  month_start timestamp;
  partition_name text;
  created integer := 0;
BEGIN
  FOR offset_months IN 0..months_ahead LOOP
    month_start := date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => offset_months);
    partition_name := 'event_store_' || to_char(month_start, 'YYYY_MM');
    IF to_regclass(partition_name) IS NULL THEN
      BEGIN
        EXECUTE format(
          'CREATE TABLE %I PARTITION OF event_store FOR VALUES FROM (%L) TO (%L)',
          partition_name,
          month_start AT TIME ZONE 'UTC',
          (month_start + interval '1 month') AT TIME ZONE 'UTC'
        );
        created := created + 1;
      EXCEPTION WHEN check_violation THEN
        RAISE WARNING 'partition % overlaps rows in event_store_default; left for an operator', partition_name;
      END;
    END IF;
  END LOOP;
  RETURN created;
END
$$;

SELECT ensure_event_store_partitions(3);

-- The per-hospital position counter. Appends take this row's lock just before the
-- insert, so positions are dense and commit in order.
CREATE TABLE hospital_heads (
  hospital_id uuid   PRIMARY KEY,
  head        bigint NOT NULL DEFAULT 0 CHECK (head >= 0)
);

-- One row per aggregate: the version check is a guarded update of this row.
CREATE TABLE streams (
  hospital_id    uuid    NOT NULL,
  aggregate_id   uuid    NOT NULL,
  aggregate_type text    NOT NULL,
  version        integer NOT NULL CHECK (version > 0),
  PRIMARY KEY (hospital_id, aggregate_id)
);

-- The idempotency record: a command_id seen again is answered from here.
CREATE TABLE commands (
  hospital_id  uuid        NOT NULL,
  command_id   uuid        NOT NULL,
  device_id    text        NOT NULL,
  client_seq   bigint      NOT NULL,
  status       text        NOT NULL CHECK (status IN ('accepted', 'rebased')),
  outcome      jsonb       NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hospital_id, command_id)
);
