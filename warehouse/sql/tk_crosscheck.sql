-- Cross-check the Tweede Kamer sets of _rebuild_keys against the TK records (after the overrides, so a
-- corrected fact counts) and keep source_disagreements current: new disagreements are added, seen ones
-- get last_seen, and those of these keys that no longer hold get resolved_at. Parameters: _tk_params.
-- Nothing is compared before the Zaak feed has been read at least once, nor for a set that started before
-- the horizon of a bounded first sync while its history is still being read ("not yet synced": its TK
-- records may lie before the synced range; the history step queues these sets when it completes).
--
-- kind (field; verdict_changing)                 when
--   submitted_on_differs (submitted_on; yes)      our S differs from gestartOp (Europe/Amsterdam date)
--   only_in_publications (vraagnummer; no)        a TK written set with no TK case, S older than the grace
--   only_in_tk (vraagnummer; no)                  a TK case with no set, gestartOp older than the grace
--   answer_only_in_tk (answered_on; yes*)         TK has an answer, the publications none (*: unless
--                                                 our set is closed otherwise: answered elsewhere)
--   answer_only_in_publications (answered_on; no) our answer older than the grace, none in TK
--   answered_on_differs (answered_on; yes)        the answer's received dates differ
--   notice_only_in_tk (delay_notice_on; yes)      TK has a delay notice, the publications none
--   notice_only_in_publications (delay_notice_on; no)  our delay notice older than the grace, none in TK
--   notice_count_differs (delay_notice_count; no) both have delay notices, in different numbers
--   done_in_tk_but_open (status; yes)             TK's case is afgedaan, our set has no answer and is
--                                                 not withdrawn (afgedaan alone never decides a status)
CREATE OR REPLACE TEMP TABLE _tk_now AS
WITH params AS (
    SELECT grace_days, today FROM _tk_params
    WHERE EXISTS (SELECT 1 FROM tk_sync_state WHERE category = 'Zaak' AND skiptoken IS NOT NULL)
),
not_yet_synced AS (  -- while a bounded start's history is read: sets older than its horizon (012_tk_history)
    SELECT qs.vraagnummer FROM question_sets qs, tk_coverage cov
    WHERE qs.chamber = tk_records_chamber() AND NOT cov.history_complete
      AND coalesce(qs.submitted_on, qs.first_document_on) < CAST(timezone('Europe/Amsterdam', cov.synced_from) AS DATE)
),
keys AS (
    SELECT vraagnummer FROM _rebuild_keys WHERE chamber = tk_records_chamber()
    EXCEPT SELECT vraagnummer FROM not_yet_synced
),
sets AS (
    SELECT qs.vraagnummer, qs.submitted_on, qs.answered_on, qs.answer_doc_id, qs.withdrawn_on,
           qs.first_document_on, qs.delay_notice_doc_id
    FROM question_sets qs
    WHERE qs.has_term
      AND qs.vraagnummer IN (SELECT vraagnummer FROM keys)
),
cases AS (
    SELECT c.id, c.nummer, c.gestart_on, c.afgedaan
    FROM tk_cases c
    WHERE c.nummer IN (SELECT vraagnummer FROM keys)
    QUALIFY row_number() OVER (PARTITION BY c.nummer ORDER BY c.bijgewerkt DESC NULLS LAST, c.id) = 1
),
tk_docs AS (
    SELECT c.nummer,
           count(d.id) FILTER (WHERE d.soort LIKE 'Antwoord schriftelijke vragen%') AS answers,
           min(d.ontvangen_on) FILTER (WHERE d.soort LIKE 'Antwoord schriftelijke vragen%') AS answer_on,
           count(d.id) FILTER (WHERE d.soort = 'Mededeling (uitstel antwoord)') AS notices,
           min(d.ontvangen_on) FILTER (WHERE d.soort = 'Mededeling (uitstel antwoord)') AS notice_on
    FROM cases c
    JOIN tk_documents d ON list_contains(d.zaak_ids, c.id)
    GROUP BY c.nummer
),
our_notices AS (
    SELECT vraagnummer, count(*) AS notices, min(event_on) AS notice_on
    FROM question_documents
    WHERE chamber = tk_records_chamber() AND role = 'delay_notice' AND vraagnummer IN (SELECT vraagnummer FROM keys)
    GROUP BY vraagnummer
),
pairs AS (
    SELECT coalesce(s.vraagnummer, c.nummer) AS vraagnummer,
           s.vraagnummer IS NOT NULL AS in_ours, c.id IS NOT NULL AS in_tk,
           s.submitted_on, s.answered_on, s.answer_doc_id IS NOT NULL AS our_answer, s.withdrawn_on,
           coalesce(s.submitted_on, s.first_document_on) AS our_since,
           greatest(coalesce(n.notices, 0), CASE WHEN s.delay_notice_doc_id IS NOT NULL THEN 1 ELSE 0 END)
               AS our_notices,
           n.notice_on AS our_notice_on,
           c.id AS case_id, c.gestart_on, c.afgedaan,
           coalesce(t.answers, 0) AS tk_answers, t.answer_on AS tk_answer_on,
           coalesce(t.notices, 0) AS tk_notices, t.notice_on AS tk_notice_on
    FROM sets s
    FULL OUTER JOIN cases c ON c.nummer = s.vraagnummer
    LEFT JOIN tk_docs t ON t.nummer = coalesce(s.vraagnummer, c.nummer)
    LEFT JOIN our_notices n ON n.vraagnummer = s.vraagnummer
),
found AS (
    SELECT vraagnummer, 'submitted_on_differs' AS kind, 'submitted_on' AS field,
           CAST(submitted_on AS VARCHAR) AS ours, CAST(gestart_on AS VARCHAR) AS theirs,
           true AS verdict_changing, least(submitted_on, gestart_on) AS since
    FROM pairs WHERE in_ours AND in_tk AND submitted_on <> gestart_on
    UNION ALL
    SELECT vraagnummer, 'only_in_publications', 'vraagnummer', vraagnummer, NULL, false, our_since
    FROM pairs, params
    WHERE in_ours AND NOT in_tk AND our_since <= today - grace_days
    UNION ALL
    SELECT vraagnummer, 'only_in_tk', 'vraagnummer', NULL, 'zaak ' || case_id, false, gestart_on
    FROM pairs, params
    WHERE in_tk AND NOT in_ours AND gestart_on <= today - grace_days
    UNION ALL
    SELECT vraagnummer, 'answer_only_in_tk', 'answered_on', NULL,
           coalesce(CAST(tk_answer_on AS VARCHAR), '(no date)'), answered_on IS NULL AND withdrawn_on IS NULL,
           tk_answer_on
    FROM pairs WHERE in_ours AND in_tk AND tk_answers > 0 AND NOT our_answer
    UNION ALL
    SELECT vraagnummer, 'answer_only_in_publications', 'answered_on', CAST(answered_on AS VARCHAR), NULL,
           false, answered_on
    FROM pairs, params
    WHERE in_ours AND in_tk AND our_answer AND tk_answers = 0 AND answered_on <= today - grace_days
    UNION ALL
    SELECT vraagnummer, 'answered_on_differs', 'answered_on', CAST(answered_on AS VARCHAR),
           CAST(tk_answer_on AS VARCHAR), true, least(answered_on, tk_answer_on)
    FROM pairs WHERE in_ours AND in_tk AND our_answer AND answered_on <> tk_answer_on
    UNION ALL
    SELECT vraagnummer, 'notice_only_in_tk', 'delay_notice_on', NULL,
           coalesce(CAST(tk_notice_on AS VARCHAR), '(no date)'), true, tk_notice_on
    FROM pairs WHERE in_ours AND in_tk AND tk_notices > 0 AND our_notices = 0
    UNION ALL
    SELECT vraagnummer, 'notice_only_in_publications', 'delay_notice_on', CAST(our_notice_on AS VARCHAR),
           NULL, false, our_notice_on
    FROM pairs, params
    WHERE in_ours AND in_tk AND our_notices > 0 AND tk_notices = 0
      AND coalesce(our_notice_on, today) <= today - grace_days
    UNION ALL
    SELECT vraagnummer, 'notice_count_differs', 'delay_notice_count', CAST(our_notices AS VARCHAR),
           CAST(tk_notices AS VARCHAR), false, NULL
    FROM pairs WHERE in_ours AND in_tk AND our_notices > 0 AND tk_notices > 0 AND our_notices <> tk_notices
    UNION ALL
    SELECT vraagnummer, 'done_in_tk_but_open', 'status', 'open', 'afgedaan', true, NULL
    FROM pairs
    WHERE in_ours AND in_tk AND afgedaan AND answered_on IS NULL AND withdrawn_on IS NULL
)
SELECT tk_records_chamber() AS chamber, f.*
FROM found f
WHERE EXISTS (SELECT 1 FROM params);

UPDATE source_disagreements
SET resolved_at = now()
WHERE chamber = tk_records_chamber() AND resolved_at IS NULL
  AND vraagnummer IN (SELECT vraagnummer FROM _rebuild_keys WHERE chamber = tk_records_chamber())
  AND EXISTS (SELECT 1 FROM _tk_params
              WHERE EXISTS (SELECT 1 FROM tk_sync_state WHERE category = 'Zaak' AND skiptoken IS NOT NULL))
  AND (vraagnummer, kind, field) NOT IN (SELECT (vraagnummer, kind, field) FROM _tk_now);

INSERT INTO source_disagreements
    (chamber, vraagnummer, kind, field, ours, theirs, verdict_changing, since, first_seen, last_seen)
SELECT chamber, vraagnummer, kind, field, ours, theirs, verdict_changing, since, now(), now()
FROM _tk_now
ON CONFLICT (chamber, vraagnummer, kind, field) DO UPDATE SET
    ours = excluded.ours,
    theirs = excluded.theirs,
    verdict_changing = excluded.verdict_changing,
    since = excluded.since,
    first_seen = CASE WHEN source_disagreements.resolved_at IS NULL THEN source_disagreements.first_seen
                      ELSE excluded.first_seen END,
    last_seen = excluded.last_seen,
    resolved_at = NULL;

DROP TABLE _tk_now;
