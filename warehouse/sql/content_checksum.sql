-- One checksum over the content of documents, question sets (status as of $as_of) and items.
-- Load-time columns (first_seen, fetched_at, loaded_at, rebuilt_at) and run logs are excluded, and so
-- are the columns the Tweede Kamer's records give a set (tk_*, *_source: migrations 009 and 011), so the
-- checksum of the publications' content is the same with or without them (except where the TK dates a
-- set that no publication dates: its submitted_on and due dates, 011).
-- $origin (may be '') is removed from documents first: a replay server's random port then does not count.
SELECT
  (SELECT count(*) FROM documents) AS documents,
  (SELECT count(*) FROM question_sets) AS question_sets,
  (SELECT count(*) FROM question_items) AS question_items,
  md5(concat_ws('|',
    (SELECT coalesce(string_agg(md5(replace(CAST(d AS VARCHAR), $origin, '')), '' ORDER BY d.doc_id), '')
     FROM (SELECT * EXCLUDE (first_seen, fetched_at, loaded_at, meta_sha256) FROM documents) d),
    (SELECT coalesce(string_agg(md5(CAST(q AS VARCHAR)), '' ORDER BY q.chamber, q.vraagnummer), '')
     FROM (SELECT qs.* EXCLUDE (rebuilt_at), s.status, s.days_open, s.days_overdue
           FROM (SELECT COLUMNS(lambda c: c NOT IN ('tk_case_id', 'tk_parties', 'tk_addressed_to', 'tk_ministries',
                                                    'tk_submitted_on', 'parties_source', 'ministries_source',
                                                    'submitted_source'))
                 FROM question_sets) qs
           JOIN status_as_of(CAST($as_of AS DATE)) s USING (chamber, vraagnummer)) q),
    (SELECT coalesce(string_agg(md5(CAST(i AS VARCHAR)), '' ORDER BY i.chamber, i.vraagnummer, i.nr), '')
     FROM question_items i)
  )) AS checksum
