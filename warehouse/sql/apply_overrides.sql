-- Apply analysts' overrides (table `overrides`, schemas/ddl/004_analyst_views.sql) to the sets
-- in the temp table _rebuild_keys, after rebuild_question_sets.sql derived them; then re-derive
-- the columns that follow from the overridden facts (term, due dates, days taken, URLs).
-- Runs inside the caller's transaction. The supported fields mirror warehouse/overrides.py, except
-- `needs_review` (a settlement of the review flag), applied by review_question_sets.sql after this.
--
-- A document link carries its facts along unless those are overridden too:
--   question_doc_id → submitted_on, question_url; answer_doc_id → answered_on, answer_url;
--   delay_notice_doc_id → delay_notice_on, delay_notice_url (a NULL link clears them).
-- overridden_fields lists every fact that now differs from the sources or is overridden
-- explicitly; source_values keeps what the sources said for those (as text).

CREATE OR REPLACE TEMP TABLE _override_rows AS
WITH latest AS (
    SELECT chamber, vraagnummer, field, value
    FROM overrides
    SEMI JOIN _rebuild_keys USING (chamber, vraagnummer)
    WHERE retired_on IS NULL
    QUALIFY row_number() OVER (PARTITION BY chamber, vraagnummer, field
                               ORDER BY created_on DESC, id DESC) = 1
),
grouped AS (
    SELECT chamber, vraagnummer,
           list(field ORDER BY field) AS f,
           map_from_entries(list({'k': field, 'v': value})) AS v
    FROM latest
    GROUP BY chamber, vraagnummer
),
links AS (
    SELECT qs.chamber, qs.vraagnummer, g.f, g.v, qs AS old,
           CASE WHEN list_contains(g.f, 'question_doc_id') THEN g.v['question_doc_id']
                ELSE qs.question_doc_id END AS question_doc_id,
           CASE WHEN list_contains(g.f, 'answer_doc_id') THEN g.v['answer_doc_id']
                ELSE qs.answer_doc_id END AS answer_doc_id,
           CASE WHEN list_contains(g.f, 'delay_notice_doc_id') THEN g.v['delay_notice_doc_id']
                ELSE qs.delay_notice_doc_id END AS delay_notice_doc_id
    FROM question_sets qs
    JOIN grouped g USING (chamber, vraagnummer)
),
linked AS (
    SELECT l.*,
           qd.doc_id IS NOT NULL AS q_known,
           coalesce(qd.submitted_on, qd.published_on) AS q_on,
           coalesce(qd.urls['preferred'],
                    'https://zoek.officielebekendmakingen.nl/' || l.question_doc_id || '.html') AS q_url,
           ad.doc_id IS NOT NULL AS a_known,
           coalesce(ad.received_on, ad.published_on) AS a_on,
           coalesce(ad.urls['preferred'],
                    'https://zoek.officielebekendmakingen.nl/' || l.answer_doc_id || '.html') AS a_url,
           nd.doc_id IS NOT NULL AS n_known,
           coalesce(nd.received_on, nd.published_on) AS n_on,
           coalesce(nd.urls['preferred'],
                    'https://zoek.officielebekendmakingen.nl/' || l.delay_notice_doc_id || '.html') AS n_url
    FROM links l
    LEFT JOIN documents qd ON qd.doc_id = l.question_doc_id
    LEFT JOIN documents ad ON ad.doc_id = l.answer_doc_id
    LEFT JOIN documents nd ON nd.doc_id = l.delay_notice_doc_id
),
facts AS (
    SELECT chamber, vraagnummer, f, old, question_doc_id, answer_doc_id, delay_notice_doc_id,
           CASE WHEN list_contains(f, 'title') THEN v['title'] ELSE old.title END AS title,
           CASE WHEN list_contains(f, 'question_type') THEN v['question_type']
                ELSE old.question_type END AS question_type,
           CASE WHEN list_contains(f, 'submitted_on') THEN TRY_CAST(v['submitted_on'] AS DATE)
                WHEN list_contains(f, 'question_doc_id') AND question_doc_id IS NULL THEN old.submitted_on
                WHEN list_contains(f, 'question_doc_id') AND q_known THEN coalesce(q_on, old.submitted_on)
                ELSE old.submitted_on END AS submitted_on,
           CASE WHEN list_contains(f, 'answered_on') THEN TRY_CAST(v['answered_on'] AS DATE)
                WHEN list_contains(f, 'answer_doc_id') AND answer_doc_id IS NULL THEN NULL
                WHEN list_contains(f, 'answer_doc_id') AND a_known THEN coalesce(a_on, old.answered_on)
                ELSE old.answered_on END AS answered_on,
           CASE WHEN list_contains(f, 'last_answer_on') THEN TRY_CAST(v['last_answer_on'] AS DATE)
                ELSE old.last_answer_on END AS last_answer_on,
           CASE WHEN list_contains(f, 'delay_notice_on') THEN TRY_CAST(v['delay_notice_on'] AS DATE)
                WHEN list_contains(f, 'delay_notice_doc_id') AND delay_notice_doc_id IS NULL THEN NULL
                WHEN list_contains(f, 'delay_notice_doc_id') AND n_known
                    THEN coalesce(n_on, old.delay_notice_on)
                ELSE old.delay_notice_on END AS delay_notice_on,
           CASE WHEN list_contains(f, 'withdrawn_on') THEN TRY_CAST(v['withdrawn_on'] AS DATE)
                ELSE old.withdrawn_on END AS withdrawn_on,
           CASE WHEN list_contains(f, 'question_url') THEN v['question_url']
                WHEN list_contains(f, 'question_doc_id') AND question_doc_id IS NULL THEN old.question_url
                WHEN list_contains(f, 'question_doc_id') THEN q_url
                ELSE old.question_url END AS question_url,
           CASE WHEN list_contains(f, 'answer_url') THEN v['answer_url']
                WHEN list_contains(f, 'answer_doc_id') THEN a_url
                ELSE old.answer_url END AS answer_url,
           CASE WHEN list_contains(f, 'delay_notice_url') THEN v['delay_notice_url']
                WHEN list_contains(f, 'delay_notice_doc_id') THEN n_url
                ELSE old.delay_notice_url END AS delay_notice_url,
           CASE WHEN list_contains(f, 'ministries')
                THEN list_sort(list_distinct(
                         [trim(x) FOR x IN string_split(coalesce(v['ministries'], ''), ',')
                          IF trim(x) <> '']))
                ELSE old.ministries END AS ministries,
           CASE WHEN list_contains(f, 'parties')
                THEN list_sort(list_distinct(
                         [trim(x) FOR x IN string_split(coalesce(v['parties'], ''), ',')
                          IF trim(x) <> '']))
                ELSE old.parties END AS parties,
           CASE WHEN list_contains(f, 'num_questions') THEN TRY_CAST(v['num_questions'] AS INTEGER)
                ELSE old.num_questions END AS num_questions
    FROM linked
),
termed AS (
    SELECT *, set_has_term(chamber, question_type) AS has_term  -- the deadline rule: 008
    FROM facts
),
dated AS (
    SELECT *,
           set_due_on(submitted_on, has_term) AS due,
           set_extended_due_on(submitted_on, has_term, delay_notice_on) AS extended_due,
           set_effective_due_on(submitted_on, has_term, delay_notice_on) AS effective_due
    FROM termed
),
changes AS (
    SELECT *,
           [x FOR x IN [
               {'k': 'title', 'v': old.title, 'c': title IS DISTINCT FROM old.title},
               {'k': 'question_type', 'v': old.question_type,
                'c': question_type IS DISTINCT FROM old.question_type},
               {'k': 'submitted_on', 'v': CAST(old.submitted_on AS VARCHAR),
                'c': submitted_on IS DISTINCT FROM old.submitted_on},
               {'k': 'answered_on', 'v': CAST(old.answered_on AS VARCHAR),
                'c': answered_on IS DISTINCT FROM old.answered_on},
               {'k': 'last_answer_on', 'v': CAST(old.last_answer_on AS VARCHAR),
                'c': last_answer_on IS DISTINCT FROM old.last_answer_on},
               {'k': 'delay_notice_on', 'v': CAST(old.delay_notice_on AS VARCHAR),
                'c': delay_notice_on IS DISTINCT FROM old.delay_notice_on},
               {'k': 'withdrawn_on', 'v': CAST(old.withdrawn_on AS VARCHAR),
                'c': withdrawn_on IS DISTINCT FROM old.withdrawn_on},
               {'k': 'question_doc_id', 'v': old.question_doc_id,
                'c': question_doc_id IS DISTINCT FROM old.question_doc_id},
               {'k': 'answer_doc_id', 'v': old.answer_doc_id,
                'c': answer_doc_id IS DISTINCT FROM old.answer_doc_id},
               {'k': 'delay_notice_doc_id', 'v': old.delay_notice_doc_id,
                'c': delay_notice_doc_id IS DISTINCT FROM old.delay_notice_doc_id},
               {'k': 'question_url', 'v': old.question_url,
                'c': question_url IS DISTINCT FROM old.question_url},
               {'k': 'answer_url', 'v': old.answer_url,
                'c': answer_url IS DISTINCT FROM old.answer_url},
               {'k': 'delay_notice_url', 'v': old.delay_notice_url,
                'c': delay_notice_url IS DISTINCT FROM old.delay_notice_url},
               {'k': 'ministries', 'v': array_to_string(old.ministries, ','),
                'c': ministries IS DISTINCT FROM old.ministries},
               {'k': 'parties', 'v': array_to_string(old.parties, ','),
                'c': parties IS DISTINCT FROM old.parties},
               {'k': 'num_questions', 'v': CAST(old.num_questions AS VARCHAR),
                'c': num_questions IS DISTINCT FROM old.num_questions}
           ] IF x.c OR list_contains(f, x.k)] AS changed
    FROM dated
)
SELECT chamber,
       vraagnummer,
       title,
       question_type,
       has_term,
       submitted_on,
       answered_on,
       last_answer_on,
       delay_notice_on,
       withdrawn_on,
       question_doc_id,
       answer_doc_id,
       delay_notice_doc_id,
       question_url,
       answer_url,
       delay_notice_url,
       ministries,
       parties,
       num_questions,
       due AS due_on,
       extended_due AS extended_due_on,
       effective_due AS effective_due_on,
       delay_notice_on > due AS notice_was_late,
       CAST(answered_on - submitted_on AS INTEGER) AS days_taken,
       working_days_between(submitted_on, answered_on) AS working_days_taken,
       [x.k FOR x IN changed] AS overridden_fields,
       map_from_entries([{'k': x.k, 'v': x.v} FOR x IN changed]) AS source_values
FROM changes;

UPDATE question_sets
SET title = r.title,
    question_type = r.question_type,
    has_term = r.has_term,
    submitted_on = r.submitted_on,
    answered_on = r.answered_on,
    last_answer_on = r.last_answer_on,
    delay_notice_on = r.delay_notice_on,
    withdrawn_on = r.withdrawn_on,
    question_doc_id = r.question_doc_id,
    answer_doc_id = r.answer_doc_id,
    delay_notice_doc_id = r.delay_notice_doc_id,
    question_url = r.question_url,
    answer_url = r.answer_url,
    delay_notice_url = r.delay_notice_url,
    ministries = r.ministries,
    parties = r.parties,
    num_questions = r.num_questions,
    due_on = r.due_on,
    extended_due_on = r.extended_due_on,
    effective_due_on = r.effective_due_on,
    notice_was_late = r.notice_was_late,
    days_taken = r.days_taken,
    working_days_taken = r.working_days_taken,
    overridden_fields = r.overridden_fields,
    source_values = r.source_values
FROM _override_rows r
WHERE question_sets.chamber = r.chamber AND question_sets.vraagnummer = r.vraagnummer;

DROP TABLE _override_rows;
