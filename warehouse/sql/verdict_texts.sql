-- warehouse/backfill_state.py: the queued texts a set's status still depends on (`_verdict_texts`, a
-- temp view of this connection). The one definition of "a status still depends on an unread text".
--
-- A queued text is unread unless it is satisfied (stored after it was queued, for the same metadata).
-- The facts a status reads (status_as_of, 008; derived by rebuild_question_sets.sql) are S
-- (submitted_on), A (answered_on: first answer or answered-elsewhere notice), the delay notice's date,
-- the withdrawal's date and the term (chamber, question type). Of those, the text alone can change:
--   notice_kind_unstated  a notice whose title and metadata state no kind (`other`): its text decides
--                         delay / withdrawn / answered elsewhere / other (scrapers/merge.py), hence the
--                         set's delay, withdrawal or answer date;
-- A notice whose title or metadata states its kind (delay, withdrawn, answered elsewhere) is not waited
-- for: that kind is known (issue 20: "from its title and metadata, or from its text where they are
-- silent"); its text, read later, still wins when it says otherwise (a conflict, and the set changes).
--   not_loaded            a document whose metadata alone was refused (an answer or notice without a
--                         received date): the set does not see it until the text dates it;
--   no_vraagnummer        a document without a vraagnummer: its text ("Zie ook …") links it to a set;
--   submitted_on          a question without a submitted date (its text's "ingezonden" is S, and the
--                         question's date is preferred over every other document's), or any document
--                         without one in a set that has no S at all (the text's header may date it).
-- Never from the text: the kind (metadata's type is kept), a date metadata states (metadata wins; a
-- different text date is a conflict), the question type (a question's metadata states it; other
-- texts never set it), the chamber (from the doc_id). Texts that fail become rejects and leave the
-- queue: the set is flagged for review instead.
-- Fields come from the queued metadata (`meta_json`) when the queue keeps it, else from the stored
-- row (then the metadata alone). `tier` 0: a notice of unstated kind; 1: the other reasons.
CREATE OR REPLACE TEMP VIEW _verdict_texts AS
WITH queued AS (
    SELECT t.doc_id,
           d.doc_id IS NULL AND t.meta_json IS NOT NULL AS refused,
           CASE WHEN t.meta_json IS NULL THEN d.chamber
                ELSE json_extract_string(t.meta_json, '$.chamber') END AS chamber,
           CASE WHEN t.meta_json IS NULL THEN d.vraagnummer
                ELSE json_extract_string(t.meta_json, '$.vraagnummer') END AS vraagnummer,
           CASE WHEN t.meta_json IS NULL THEN d.kind
                ELSE json_extract_string(t.meta_json, '$.kind') END AS kind,
           CASE WHEN t.meta_json IS NULL THEN d.notice_kind
                ELSE json_extract_string(t.meta_json, '$.notice_kind') END AS notice_kind,
           CASE WHEN t.meta_json IS NULL THEN d.submitted_on
                ELSE TRY_CAST(json_extract_string(t.meta_json, '$.submitted_on') AS DATE) END AS submitted_on
    FROM backfill_texts t
    LEFT JOIN documents d USING (doc_id)
    LEFT JOIN document_texts x USING (doc_id)
    WHERE NOT coalesce(d.meta_sha256 = t.meta_sha256 AND x.fetched_at >= t.queued_at, false)
      AND (d.doc_id IS NOT NULL OR t.meta_json IS NOT NULL)  -- else stale: its metadata is looked up again
),
reasoned AS (
    SELECT q.*,
           CASE
               WHEN q.kind = 'notice' AND coalesce(q.notice_kind, 'other') = 'other' THEN 'notice_kind_unstated'
               WHEN q.refused THEN 'not_loaded'
               WHEN q.vraagnummer IS NULL THEN 'no_vraagnummer'
               WHEN q.submitted_on IS NULL AND (q.kind = 'question' OR s.submitted_on IS NULL) THEN 'submitted_on'
           END AS reason
    FROM queued q
    LEFT JOIN question_sets s ON s.chamber = q.chamber AND s.vraagnummer = q.vraagnummer
)
SELECT doc_id, chamber, vraagnummer, reason,
       CASE WHEN reason = 'notice_kind_unstated' THEN 0 ELSE 1 END AS tier
FROM reasoned
WHERE reason IS NOT NULL;
