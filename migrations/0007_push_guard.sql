-- A condition a statement must hold, or the statement fails with the given SQLSTATE.
-- The push's write statement checks with it that no stream moved since the batch was
-- read: it can then be sent together with its COMMIT, which finds the transaction
-- aborted (and so rolls back) when the check fails. Volatile, so that it is evaluated
-- where it stands and never folded at planning.
CREATE FUNCTION require_true(condition boolean, sqlstate text, message text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE
  AS $$
BEGIN
  IF condition IS NOT TRUE THEN
    RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message;
  END IF;
  RETURN true;
END
$$;
GRANT EXECUTE ON FUNCTION require_true(boolean, text, text) TO mymedic_app, mymedic_auth;
