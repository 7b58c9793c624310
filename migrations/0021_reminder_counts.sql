-- The reminder outbox's rows by state across every hospital, for the metrics'
-- `mymedic_reminders_outbox` gauge (docs/reminders.md, "Metrics"): counts alone, no
-- row of any tenant. Like hospitals_with_due_reminders it runs as its owner, since the
-- outbox's policy shows a role one hospital at a time.
CREATE FUNCTION reminder_outbox_counts()
  RETURNS TABLE (state text, count bigint)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT o.state, count(*) FROM reminder_outbox AS o
     WHERE o.state IN ('pending', 'sending')
     GROUP BY o.state
  $$;
REVOKE ALL ON FUNCTION reminder_outbox_counts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reminder_outbox_counts() TO mymedic_auth;
