-- WhatsApp reminders (docs/reminders.md, "WhatsApp"). WhatsApp sends the template Meta
-- approved, filled with values in order, so the outbox keeps what the scheduler chose
-- besides the filled body: the template's language, the placeholders' values and the
-- channel's own template (for WhatsApp: its name, language code, variables, buttons).
ALTER TABLE reminder_outbox
  ADD COLUMN language text,
  ADD COLUMN placeholder_values jsonb,
  ADD COLUMN template jsonb;

-- The webhook finds a reminder by the id WhatsApp gave its message.
CREATE INDEX reminder_outbox_by_provider_message ON reminder_outbox (channel, provider_message_id)
  WHERE provider_message_id IS NOT NULL;
-- A text reply that quotes no message is matched to the newest reminder sent to its number.
CREATE INDEX reminder_outbox_by_address ON reminder_outbox (channel, address, updated_at)
  WHERE state = 'sent';

-- What the webhook has recorded, one row per status change or reply, so a webhook
-- delivered again (Meta retries until it gets a 200) appends nothing twice.
CREATE TABLE whatsapp_webhook_receipts (
  hospital_id  uuid        NOT NULL,
  receipt_key  text        NOT NULL,
  appointment_id uuid      NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hospital_id, receipt_key)
);
ALTER TABLE whatsapp_webhook_receipts ENABLE ROW LEVEL SECURITY;
ALTER TABLE whatsapp_webhook_receipts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON whatsapp_webhook_receipts TO mymedic_app
  USING (hospital_id = current_hospital_id())
  WITH CHECK (hospital_id = current_hospital_id());
GRANT SELECT, INSERT ON whatsapp_webhook_receipts TO mymedic_app;

-- The reminder a webhook speaks of, before any tenant is known: the one WhatsApp gave
-- `wanted_message_id`, or else (a typed reply quoting nothing) the newest one sent to
-- `wanted_address` whose appointment is still to come. The webhook's one look across tenants:
-- it runs as its owner and returns ids alone; the webhook then reads and writes in that
-- hospital's own transaction, under the policy.
CREATE FUNCTION whatsapp_reminder_of(wanted_message_id text, wanted_address text, at timestamptz)
  RETURNS TABLE (hospital_id uuid, appointment_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    (SELECT o.hospital_id, o.appointment_id FROM reminder_outbox AS o
      WHERE wanted_message_id IS NOT NULL AND o.channel = 'whatsapp'
        AND o.provider_message_id = wanted_message_id
      ORDER BY o.updated_at DESC
      LIMIT 1)
    UNION ALL
    (SELECT o.hospital_id, o.appointment_id FROM reminder_outbox AS o
      WHERE wanted_message_id IS NULL AND wanted_address IS NOT NULL AND o.channel = 'whatsapp'
        AND o.state = 'sent' AND o.address = wanted_address AND o.appointment_starts_at > at
      ORDER BY o.updated_at DESC
      LIMIT 1)
  $$;
REVOKE ALL ON FUNCTION whatsapp_reminder_of(text, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION whatsapp_reminder_of(text, text, timestamptz) TO mymedic_auth;
