-- MCP `question_set`: one set as of $as_of (questions_as_of) with its unsettled review reasons, and
-- the URLs of only the documents received by then.
SELECT q.* EXCLUDE (review_items, question_url, answer_url, delay_notice_url, source_values),
       [x.reason FOR x IN q.review_items IF NOT x.settled] AS review_open_reasons,
       q.question_url,
       CASE WHEN q.answered_on IS NOT NULL THEN q.answer_url END AS answer_url,
       CASE WHEN q.delay_notice_on IS NOT NULL THEN q.delay_notice_url END AS delay_notice_url
FROM questions_as_of(CAST($as_of AS DATE)) q
WHERE q.vraagnummer = $vraagnummer
ORDER BY q.chamber
