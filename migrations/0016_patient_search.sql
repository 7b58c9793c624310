-- The patient search (docs/read-side.md, "Reading") through its indexes.
--
-- The exact-MRN arm: an MRN typed in any case finds its patient through an index.
CREATE INDEX patients_mrn ON patients (hospital_id, lower(mrn));

-- The name and phone arms. Under row level security, PostgreSQL evaluates an operator
-- that is not leakproof (pg_trgm's `<%`, LIKE) only after the policy's condition, so it
-- cannot use the trigram index: the search compared every patient of the hospital (0.3 s
-- at 50,000). This function runs as its owner, who is not held by the policy, and keeps
-- to the tenant itself: it returns only the patients of `current_hospital_id()`, the
-- hospital the calling transaction is scoped to (NULL, and so nothing, outside one).
-- It returns ids alone; the caller reads the rows under the policy as usual. (Its
-- arguments are named apart from every column: in SQL a column of that name would win.)
CREATE FUNCTION patients_matching(wanted text, wanted_phone text, by_name boolean)
  RETURNS TABLE (patient_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  SET pg_trgm.word_similarity_threshold = 0.4
  AS $$
    SELECT p.patient_id FROM patients AS p
     WHERE by_name AND p.hospital_id = current_hospital_id() AND wanted <% p.search_text
    UNION
    SELECT p.patient_id FROM patients AS p
     WHERE wanted_phone IS NOT NULL AND p.hospital_id = current_hospital_id()
       AND p.search_text LIKE '%' || wanted_phone || '%'
  $$;
REVOKE ALL ON FUNCTION patients_matching(text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION patients_matching(text, text, boolean) TO mymedic_app;
