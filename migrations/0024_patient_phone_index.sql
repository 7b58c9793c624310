-- The phone search reads the phone's digits alone, through a trigram index of them, and
-- the trigram index over name, phone and MRN together (0014's `search_text`) goes: names
-- are found through their words (0018) and MRNs by their start, so it served only the
-- phone, at about four times the index entries per patient. Each patient the projector
-- writes updated that index, the read side's largest cost beside the push (issue 12).
-- The same patients in the same order, but that digits typed as a phone no longer match
-- the digits inside an MRN (an MRN is found by its start, typed as it is written).
CREATE INDEX patients_phone_digits ON patients USING gin (phone_digits gin_trgm_ops);

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
           AND p.phone_digits LIKE '%' || wanted_phone || '%'
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

DROP INDEX patients_search;
ALTER TABLE patients DROP COLUMN search_text;
