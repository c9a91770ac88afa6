-- Doubt is visible: flag the sets in the temp table _rebuild_keys whose verdict rests on something
-- uncertain (schemas/ddl/007_review.sql). Runs after rebuild_question_sets.sql and
-- apply_overrides.sql (so corrected facts count), inside the caller's transaction.
--
-- Reasons (one short sentence each, with the fact and its date; `since` = from when it bears on
-- the verdict, NULL = always):
--   unclassified notice of 2024-06-07 (ah-tk-20232024-9001)                 a notice of kind `other`
--   conflicting received_on in ah-tk-…: kept 2024-06-07, pdf says 2024-06-10   metadata and text
--       disagree on submitted_on, received_on, kind or notice_kind (any document of the set)
--   no question record; submitted date unknown                               no question document
--   no question record; submitted date 2024-05-30 from another document      (… or set by hand, or
--       … from the Tweede Kamer's records (gestartOp): tk_fill_submitted_on.sql, temp table _tk_dated)
--   answered 2024-05-01, before the question was submitted (2024-05-30)      A < S
--   text of the answer of 2024-06-07 (ah-tk-…) could not be fetched          an open `fetch_text` /
--       (… could not be parsed)                                               `parse_text` reject of
--                                                                             an answer or notice
--   sources disagree on the submitted date: … (and the other verdict-changing disagreements with the
--       Tweede Kamer's records, from the temp table _extra_review_reasons: tk_review_reasons.sql)
-- Settlement: the newest active override of field `needs_review` (value `settled`) covers the
-- reasons stored with it (`overrides.settles`: those present when it was added). A reason it does
-- not cover (a new uncertain document, a changed date) keeps or re-opens the flag.

CREATE OR REPLACE TEMP TABLE _review_rows AS
WITH sets AS (
    SELECT chamber, vraagnummer, submitted_on, answered_on, question_doc_id, answer_doc_id,
           delay_notice_doc_id, overridden_fields, source_values
    FROM question_sets
    SEMI JOIN _rebuild_keys USING (chamber, vraagnummer)
),
-- The documents of each set: linked from the sources, plus documents an override links.
set_docs AS (
    SELECT qd.chamber, qd.vraagnummer, qd.doc_id, qd.role, qd.event_on
    FROM question_documents qd
    SEMI JOIN _rebuild_keys USING (chamber, vraagnummer)
    UNION
    SELECT s.chamber, s.vraagnummer, d.doc_id, l.role,
           CASE WHEN l.role = 'question' THEN coalesce(d.submitted_on, d.published_on)
                ELSE coalesce(d.received_on, d.published_on) END AS event_on
    FROM sets s
    CROSS JOIN (VALUES ('question'), ('answer'), ('delay_notice')) l(role)
    JOIN documents d
      ON d.doc_id = CASE l.role WHEN 'question' THEN s.question_doc_id
                                WHEN 'answer' THEN s.answer_doc_id
                                ELSE s.delay_notice_doc_id END
    WHERE NOT EXISTS (SELECT 1 FROM question_documents qd
                      WHERE qd.doc_id = d.doc_id AND qd.chamber = s.chamber
                        AND qd.vraagnummer = s.vraagnummer)
),
doc_conflicts AS (
    SELECT sd.chamber, sd.vraagnummer, sd.doc_id, sd.event_on, unnest(d.conflicts) AS c
    FROM set_docs sd
    JOIN documents d USING (doc_id)
    WHERE len(d.conflicts) > 0
),
reasons AS (
    SELECT chamber, vraagnummer, event_on AS since,
           'unclassified notice of ' || coalesce(CAST(event_on AS VARCHAR), 'unknown date')
               || ' (' || doc_id || ')' AS reason
    FROM set_docs
    WHERE role = 'other_notice'
    UNION ALL
    SELECT chamber, vraagnummer,
           CASE WHEN c.field IN ('submitted_on', 'received_on')
                THEN least(event_on, TRY_CAST(c.other AS DATE), TRY_CAST(c.kept AS DATE))
                ELSE event_on END AS since,
           'conflicting ' || c.field || ' in ' || doc_id || ': kept ' || coalesce(c.kept, '(none)')
               || ', ' || coalesce(c.source, 'another source') || ' says ' || coalesce(c.other, '(none)')
    FROM doc_conflicts
    WHERE c.field IN ('submitted_on', 'received_on', 'kind', 'notice_kind')
    UNION ALL
    SELECT chamber, vraagnummer, NULL,
           'no question record; submitted date '
               || CASE WHEN submitted_on IS NULL THEN 'unknown'
                       WHEN list_contains(coalesce(overridden_fields, []), 'submitted_on')
                           THEN CAST(submitted_on AS VARCHAR) || ' set by hand'
                       WHEN (chamber, vraagnummer) IN (SELECT (chamber, vraagnummer) FROM _tk_dated)
                           THEN CAST(submitted_on AS VARCHAR) || ' from the Tweede Kamer''s records (gestartOp)'
                       ELSE CAST(submitted_on AS VARCHAR) || ' from another document' END
    FROM sets
    WHERE question_doc_id IS NULL
    UNION ALL
    SELECT chamber, vraagnummer, answered_on,
           'answered ' || CAST(answered_on AS VARCHAR) || ', before the question was submitted ('
               || CAST(submitted_on AS VARCHAR) || ')'
    FROM sets
    WHERE answered_on < submitted_on
    UNION ALL
    SELECT sd.chamber, sd.vraagnummer, sd.event_on,
           'text of the '
               || CASE sd.role WHEN 'answer' THEN 'answer'
                               WHEN 'supplementary_answer' THEN 'supplementary answer'
                               WHEN 'delay_notice' THEN 'delay notice'
                               WHEN 'withdrawal_notice' THEN 'withdrawal notice'
                               WHEN 'answered_elsewhere_notice' THEN 'answered-elsewhere notice'
                               ELSE 'notice' END
               || ' of ' || coalesce(CAST(sd.event_on AS VARCHAR), 'unknown date') || ' (' || sd.doc_id
               || ') could not be ' || CASE r.stage WHEN 'fetch_text' THEN 'fetched' ELSE 'parsed' END
    FROM set_docs sd
    JOIN rejects r ON r.key = sd.doc_id
    WHERE NOT r.resolved
      AND r.stage IN ('fetch_text', 'parse_text')
      AND sd.role IN ('answer', 'supplementary_answer', 'delay_notice', 'withdrawal_notice',
                      'answered_elsewhere_notice', 'other_notice')

    UNION ALL
    -- reasons from other sources (the TK cross-check: warehouse/sql/tk_review_reasons.sql)
    SELECT chamber, vraagnummer, since, reason FROM _extra_review_reasons
),
distinct_reasons AS (
    SELECT chamber, vraagnummer, reason, min(since) AS since, bool_or(since IS NULL) AS always
    FROM reasons
    GROUP BY ALL
),
settlement AS (
    SELECT chamber, vraagnummer, coalesce(settles, []) AS settles, reason, author, created_on
    FROM overrides
    SEMI JOIN _rebuild_keys USING (chamber, vraagnummer)
    WHERE retired_on IS NULL AND field = 'needs_review'
    QUALIFY row_number() OVER (PARTITION BY chamber, vraagnummer ORDER BY created_on DESC, id DESC) = 1
),
items AS (
    SELECT r.chamber, r.vraagnummer,
           list({'reason': r.reason,
                 'since': CASE WHEN r.always THEN NULL ELSE r.since END,
                 'settled': coalesce(list_contains(st.settles, r.reason), false)}
                ORDER BY CASE WHEN r.always THEN NULL ELSE r.since END NULLS FIRST, r.reason) AS review_items
    FROM distinct_reasons r
    LEFT JOIN settlement st USING (chamber, vraagnummer)
    GROUP BY ALL
),
flagged AS (
    SELECT s.chamber, s.vraagnummer, s.overridden_fields, s.source_values,
           coalesce(i.review_items, []) AS review_items,
           len([x FOR x IN coalesce(i.review_items, []) IF x.settled]) > 0 AS settled_some,
           st.author, st.reason, st.created_on
    FROM sets s
    LEFT JOIN items i USING (chamber, vraagnummer)
    LEFT JOIN settlement st USING (chamber, vraagnummer)
)
SELECT chamber,
       vraagnummer,
       len([x FOR x IN review_items IF NOT x.settled]) > 0 AS needs_review,
       [x.reason FOR x IN review_items] AS review_items_reasons,
       review_items,
       CASE WHEN settled_some THEN author END AS review_settled_by,
       CASE WHEN settled_some THEN reason END AS review_settled_reason,
       CASE WHEN settled_some THEN created_on END AS review_settled_on,
       -- a settlement in force is a fact set by hand: listed like the other overrides
       CASE WHEN settled_some
            THEN list_append(coalesce(overridden_fields, []), 'needs_review')
            ELSE overridden_fields END AS overridden_fields,
       CASE WHEN settled_some
            THEN map_concat(coalesce(source_values, MAP {}), MAP {'needs_review': 'true'})
            ELSE source_values END AS source_values
FROM flagged;

UPDATE question_sets
SET needs_review = r.needs_review,
    review_reasons = r.review_items_reasons,
    review_items = r.review_items,
    review_settled_by = r.review_settled_by,
    review_settled_reason = r.review_settled_reason,
    review_settled_on = r.review_settled_on,
    overridden_fields = r.overridden_fields,
    source_values = r.source_values
FROM _review_rows r
WHERE question_sets.chamber = r.chamber AND question_sets.vraagnummer = r.vraagnummer;

DROP TABLE _review_rows;
DROP TABLE _extra_review_reasons;
