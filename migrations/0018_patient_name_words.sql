-- The patient search through the words of the names (docs/read-side.md, "Reading").
--
-- Comparing what was typed with every patient's whole name (0016) costs about a
-- thousand trigram comparisons for a common first name with a slip. A hospital's names
-- are made of far fewer words than it has patients (about 10,000 at 50,000 patients):
-- each word typed is compared with those, through a trigram index, and the patients are
-- then found by the words it is alike, exactly, through a B-tree.

-- The words of a name as the search takes them: lower case, split at anything that is
-- not a letter or a digit, each once. The projection, the backfill below and the search
-- all split through this one function, so a name and what is typed meet word for word.
CREATE FUNCTION name_words(full_name text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 3
  AS $$
    SELECT DISTINCT word FROM regexp_split_to_table(lower(full_name), '[^[:alnum:]]+') AS word
     WHERE word <> ''
  $$;

-- Every word of every patient's name, with the name, so that the patients holding a word
-- are read from the index alone, already in name order. Kept by the patients projection.
CREATE TABLE patient_words (
  hospital_id uuid NOT NULL,
  word        text NOT NULL,
  full_name   text NOT NULL,
  patient_id  uuid NOT NULL,
  PRIMARY KEY (hospital_id, word, full_name, patient_id)
);

-- The hospital's vocabulary: each word of a name once, matched by trigrams. A word no
-- patient holds any more (after a change of name) stays, finding nobody, until the
-- projection is rebuilt. No fast update: new words are rare, and its pending list would
-- be read through by every search.
CREATE TABLE patient_name_words (
  hospital_id uuid NOT NULL,
  word        text NOT NULL,
  PRIMARY KEY (word, hospital_id)
);
CREATE INDEX patient_name_words_trigrams ON patient_name_words
  USING gin (word gin_trgm_ops) WITH (fastupdate = off);

DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['patient_words', 'patient_name_words'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I TO mymedic_app
         USING (hospital_id = current_hospital_id())
         WITH CHECK (hospital_id = current_hospital_id())',
      tenant_table
    );
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO mymedic_app', tenant_table);
  END LOOP;
END
$$;

INSERT INTO patient_words (hospital_id, word, full_name, patient_id)
SELECT p.hospital_id, word, p.full_name, p.patient_id
  FROM patients AS p, name_words(p.full_name) AS word;
INSERT INTO patient_name_words (hospital_id, word)
SELECT DISTINCT hospital_id, word FROM patient_words;

-- An MRN typed whole or its start: a range of the index, byte by byte (MRNs are capital
-- letters, digits and dashes, all below '~').
CREATE INDEX patients_mrn_prefix ON patients (hospital_id, (lower(mrn) COLLATE "C"));
DROP INDEX patients_mrn;

-- The search itself, for the reason of 0016: under row level security the trigram
-- operators and LIKE, not being leakproof, could use no index, so this runs as its owner
-- and keeps to `current_hospital_id()` itself, returning ids and scores the caller then
-- reads under the policy. Three arms, each through an index:
--   by name: each word typed (with a letter in it) is matched against the vocabulary by
--     word similarity (0.4: a slip or two, or the start of a word), and the patients
--     holding an alike word are read from patient_words. Score: (words found - 1 + their
--     mean similarity) / words typed, so a patient with every word found ranks above
--     any with one missing, and the closer spelling first within;
--   by phone: the digits given (the caller's last nine) anywhere in the phone digits, 1;
--   by MRN: the MRN whole (1) or its start (the share of it typed).
-- Best first, then by name: the first `most`. (ROWS: about a page, so that the caller
-- reads its rows by key; at the default 1,000 it would read the whole hospital.)
CREATE FUNCTION patients_found(wanted text, wanted_phone text, wanted_mrn text, most integer)
  RETURNS TABLE (patient_id uuid, score float8)
  LANGUAGE sql STABLE SECURITY DEFINER ROWS 20
  SET search_path = public, pg_temp
  SET pg_trgm.word_similarity_threshold = 0.4
  AS $$
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
     LIMIT most
  $$;
REVOKE ALL ON FUNCTION patients_found(text, text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION patients_found(text, text, text, integer) TO mymedic_app;

DROP FUNCTION patients_matching(text, text, boolean);
