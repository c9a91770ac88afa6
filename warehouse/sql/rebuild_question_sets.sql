-- Rebuild question_documents, question_sets and question_items for the keys in the temp table
-- _rebuild_keys(chamber, vraagnummer): delete those keys, re-derive them from `documents`.
-- Runs inside the caller's transaction.

-- 1. Which documents belong to the keys (see the document_keys view), with their role.
CREATE OR REPLACE TEMP TABLE _rebuild_docs AS
SELECT k.doc_id, k.chamber, k.vraagnummer, k.linked_by
FROM document_keys k
SEMI JOIN _rebuild_keys USING (chamber, vraagnummer);

DELETE FROM question_documents
WHERE (chamber, vraagnummer) IN (SELECT (chamber, vraagnummer) FROM _rebuild_keys)
   OR doc_id IN (SELECT doc_id FROM _rebuild_docs);

INSERT INTO question_documents BY NAME
WITH dated AS (
    SELECT r.doc_id, r.chamber, r.vraagnummer, r.linked_by, d.kind, d.notice_kind,
           CASE WHEN d.kind = 'question' THEN coalesce(d.submitted_on, d.published_on)
                ELSE coalesce(d.received_on, d.published_on) END AS event_on,
           CASE WHEN d.kind = 'question' AND d.submitted_on IS NOT NULL THEN 'submitted_on'
                WHEN d.kind IS DISTINCT FROM 'question' AND d.received_on IS NOT NULL
                    THEN 'received_on'
                WHEN d.published_on IS NOT NULL THEN 'published_on' END AS event_on_from
    FROM _rebuild_docs r
    JOIN documents d USING (doc_id)
)
SELECT *,
       CASE
           WHEN kind = 'question' THEN 'question'
           -- The earliest answer-like document is the answer: a second `Antwoord` is a
           -- supplementary one, and a "nader antwoord" whose first answer is missing from the
           -- source still proves the set was answered by then (never a false "overdue").
           WHEN kind IN ('answer', 'supplementary_answer') THEN
               CASE WHEN row_number() OVER (
                        PARTITION BY chamber, vraagnummer, kind IN ('answer', 'supplementary_answer')
                        ORDER BY event_on NULLS LAST, kind = 'supplementary_answer', doc_id) = 1
                    THEN 'answer' ELSE 'supplementary_answer' END
           WHEN kind = 'notice' THEN
               CASE notice_kind
                   WHEN 'delay' THEN 'delay_notice'
                   WHEN 'withdrawn' THEN 'withdrawal_notice'
                   WHEN 'answered_elsewhere' THEN 'answered_elsewhere_notice'
                   ELSE 'other_notice' END
           ELSE 'unknown'
       END AS role
FROM dated;

-- 2. One row per set.
DELETE FROM question_sets
WHERE (chamber, vraagnummer) IN (SELECT (chamber, vraagnummer) FROM _rebuild_keys);

INSERT INTO question_sets BY NAME
WITH docs AS (
    SELECT qd.chamber, qd.vraagnummer, qd.role, qd.event_on,
           d.doc_id, d.title, d.submitted_on, d.question_type, d.submitters, d.addressed_to,
           d.answered_by, d.ministries, d.items,
           coalesce(d.urls['preferred'],
                    'https://zoek.officielebekendmakingen.nl/' || d.doc_id || '.html') AS url,
           len([p FOR p IN d.submitters IF p.party IS NOT NULL]) > 0 AS has_parties,
           -- preference when documents disagree: question, first answer, supplementary, notices
           CASE qd.role WHEN 'question' THEN 0 WHEN 'answer' THEN 1
                        WHEN 'supplementary_answer' THEN 2 WHEN 'delay_notice' THEN 3
                        WHEN 'answered_elsewhere_notice' THEN 4 WHEN 'withdrawal_notice' THEN 5
                        WHEN 'other_notice' THEN 6 ELSE 7 END AS pref
    FROM question_documents qd
    SEMI JOIN _rebuild_keys USING (chamber, vraagnummer)
    JOIN documents d USING (doc_id)
),
per_set AS (
    SELECT chamber, vraagnummer,
           coalesce(
               first(question_type ORDER BY pref, event_on NULLS LAST, doc_id)
                   FILTER (WHERE question_type IS NOT NULL) = 'oral'
               OR bool_or(role = 'question' AND title ILIKE 'mondelinge vragen%'),
               false) AS is_oral,
           first(title ORDER BY pref, event_on NULLS LAST, doc_id)
               FILTER (WHERE title IS NOT NULL) AS title,
           first(submitted_on ORDER BY pref, event_on NULLS LAST, doc_id)
               FILTER (WHERE submitted_on IS NOT NULL) AS submitted_on,
           first(submitters ORDER BY has_parties DESC, pref, event_on NULLS LAST, doc_id)
               FILTER (WHERE len(submitters) > 0) AS submitters,
           first(addressed_to ORDER BY pref, event_on NULLS LAST, doc_id)
               FILTER (WHERE len(addressed_to) > 0) AS addressed_to,
           list_sort(list_distinct(flatten(list(ministries)))) AS ministries,
           first(answered_by) FILTER (WHERE role = 'answer') AS answered_by,
           max(greatest(coalesce(list_max([i.nr FOR i IN items]), 0), len(items)))
               FILTER (WHERE role IN ('question', 'answer') AND len(items) > 0) AS num_questions,
           first(doc_id ORDER BY event_on NULLS LAST, doc_id)
               FILTER (WHERE role = 'question') AS question_doc_id,
           first(url ORDER BY event_on NULLS LAST, doc_id)
               FILTER (WHERE role = 'question') AS question_url,
           first(doc_id) FILTER (WHERE role = 'answer') AS answer_doc_id,
           first(url) FILTER (WHERE role = 'answer') AS answer_url,
           first(doc_id ORDER BY event_on NULLS LAST, doc_id)
               FILTER (WHERE role = 'delay_notice') AS delay_notice_doc_id,
           first(url ORDER BY event_on NULLS LAST, doc_id)
               FILTER (WHERE role = 'delay_notice') AS delay_notice_url,
           -- A: first answer or answered-elsewhere notice; supplementary answers never count
           min(event_on) FILTER (WHERE role IN ('answer', 'answered_elsewhere_notice'))
               AS answered_on,
           CASE WHEN count(*) FILTER (WHERE role = 'supplementary_answer') > 0 THEN
               max(event_on) FILTER (WHERE role IN ('answer', 'supplementary_answer'))
           END AS last_answer_on,
           min(event_on) FILTER (WHERE role = 'delay_notice') AS delay_notice_on,
           min(event_on) FILTER (WHERE role = 'withdrawal_notice') AS withdrawn_on,
           count(*) AS document_count,
           min(event_on) AS first_document_on
    FROM docs
    GROUP BY chamber, vraagnummer
),
typed AS (
    SELECT *, CASE WHEN is_oral THEN 'oral' ELSE 'written' END AS question_type
    FROM per_set
),
termed AS (
    SELECT *, set_has_term(chamber, question_type) AS has_term  -- the deadline rule: 008
    FROM typed
),
dated AS (
    SELECT *,
           set_due_on(submitted_on, has_term) AS due,
           set_extended_due_on(submitted_on, has_term, delay_notice_on) AS extended_due,
           set_effective_due_on(submitted_on, has_term, delay_notice_on) AS effective_due
    FROM termed
)
SELECT chamber,
       vraagnummer,
       question_type,
       has_term,
       title,
       submitted_on,
       coalesce(submitters, []) AS submitters,
       list_sort(list_distinct([p.party FOR p IN coalesce(submitters, [])])) AS parties,
       coalesce(addressed_to, []) AS addressed_to,
       ministries,
       coalesce(answered_by, []) AS answered_by,
       num_questions,
       question_doc_id,
       answer_doc_id,
       delay_notice_doc_id,
       answered_on,
       last_answer_on,
       delay_notice_on,
       delay_notice_on > due AS notice_was_late,
       withdrawn_on,
       due AS due_on,
       extended_due AS extended_due_on,
       effective_due AS effective_due_on,
       answered_on - submitted_on AS days_taken,
       working_days_between(submitted_on, answered_on) AS working_days_taken,
       question_url,
       answer_url,
       delay_notice_url,
       document_count,
       first_document_on,
       now() AS rebuilt_at
FROM dated;

-- 3. Numbered items: question text from the question document (else the answer's item),
-- answer text from the first answer. Unnumbered items take their position as number.
DELETE FROM question_items
WHERE (chamber, vraagnummer) IN (SELECT (chamber, vraagnummer) FROM _rebuild_keys);

INSERT INTO question_items BY NAME
WITH sets AS (
    SELECT chamber, vraagnummer, question_doc_id, answer_doc_id
    FROM question_sets
    SEMI JOIN _rebuild_keys USING (chamber, vraagnummer)
),
item_docs AS (
    SELECT chamber, vraagnummer, question_doc_id AS doc_id, true AS from_question
    FROM sets WHERE question_doc_id IS NOT NULL
    UNION ALL
    SELECT chamber, vraagnummer, answer_doc_id AS doc_id, false AS from_question
    FROM sets WHERE answer_doc_id IS NOT NULL
),
unnested AS (
    SELECT i.chamber, i.vraagnummer, i.from_question,
           unnest(d.items) AS item, generate_subscripts(d.items, 1) AS pos
    FROM item_docs i
    JOIN documents d USING (doc_id)
),
numbered AS (
    SELECT chamber, vraagnummer, from_question, coalesce(item.nr, pos) AS nr,
           item.question, item.answer, item.answer_refers_to
    FROM unnested
    QUALIFY row_number() OVER (PARTITION BY chamber, vraagnummer, from_question,
                                            coalesce(item.nr, pos) ORDER BY pos) = 1
),
q AS (SELECT * FROM numbered WHERE from_question),
a AS (SELECT * FROM numbered WHERE NOT from_question)
SELECT chamber, vraagnummer, nr,
       coalesce(q.question, a.question) AS question,
       a.answer,
       coalesce(a.answer_refers_to, q.answer_refers_to) AS answer_refers_to
FROM q FULL OUTER JOIN a USING (chamber, vraagnummer, nr);

DROP TABLE _rebuild_docs;
