-- The patient search (0018) as PL/pgSQL, for its plan: PostgreSQL plans the query of a
-- LANGUAGE sql function it cannot inline (this one returns a set and sets a parameter)
-- again at every call, about 1 ms of a 3 ms search at 50,000 patients, where PL/pgSQL
-- keeps the plan of its query for the connection. The same query, so the same patients
-- in the same order (docs/read-side.md, "Reading").
CREATE OR REPLACE FUNCTION patients_found(wanted text, wanted_phone text, wanted_mrn text, most integer)
  RETURNS TABLE (patient_id uuid, score float8)
  LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 20
  SET search_path = public, pg_temp
  SET pg_trgm.word_similarity_threshold = 0.4
  AS $$
  BEGIN
    RETURN QUERY
      WITH typed AS MATERIALIZED (
        SELECT typed_word FROM name_words(wanted) AS typed_word WHERE typed_word ~ '[^0-9]'
      ),
      alike AS MATERIALIZED (
        SELECT typed.typed_word, known.word,
               word_similarity(typed.typed_word, known.word) AS similarity
          FROM typed JOIN patient_name_words AS known
            ON known.hospital_id = current_hospital_id() AND typed.typed_word <% known.word
      ),
      by_word AS (
        SELECT holder.patient_id, holder.full_name, alike.typed_word,
               max(alike.similarity) AS similarity
          FROM alike JOIN patient_words AS holder
            ON holder.hospital_id = current_hospital_id() AND holder.word = alike.word
         GROUP BY holder.patient_id, holder.full_name, alike.typed_word
      ),
      by_name AS (
        SELECT by_word.patient_id, by_word.full_name,
               (count(*) - 1 + avg(by_word.similarity)) / (SELECT count(*) FROM typed) AS score
          FROM by_word
         GROUP BY by_word.patient_id, by_word.full_name
      ),
      by_phone AS (
        SELECT p.patient_id, p.full_name, 1::float8 AS score
          FROM patients AS p
         WHERE wanted_phone IS NOT NULL AND p.hospital_id = current_hospital_id()
           AND p.search_text LIKE '%' || wanted_phone || '%'
      ),
      by_mrn AS (
        SELECT p.patient_id, p.full_name, length(wanted_mrn)::float8 / length(p.mrn) AS score
          FROM patients AS p
         WHERE wanted_mrn IS NOT NULL AND p.hospital_id = current_hospital_id()
           AND lower(p.mrn) COLLATE "C" >= wanted_mrn
           AND lower(p.mrn) COLLATE "C" < wanted_mrn || '~'
      ),
      found AS (
        SELECT * FROM by_name UNION ALL SELECT * FROM by_phone UNION ALL SELECT * FROM by_mrn
      )
      SELECT found.patient_id, max(found.score)::float8 AS score
        FROM found
       GROUP BY found.patient_id, found.full_name
       ORDER BY max(found.score) DESC, found.full_name, found.patient_id
       LIMIT most;
  END
  $$;
