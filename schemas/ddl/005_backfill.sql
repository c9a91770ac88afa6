-- 005: full-history backfill bookkeeping (flows/backfill.py).
-- (IF NOT EXISTS: development databases of the backfill made these tables before the migration.)

-- One row per finished window of the metadata pass: a window on the publication-date index
-- (`settings.backfill_date_index`, dt.date) of one series whose pages are all loaded. Written
-- in the same transaction as the window's last page, so a killed backfill resumes without
-- fetching a finished window again. `records`: the records its pages returned.
CREATE TABLE IF NOT EXISTS backfill_windows (
    series      VARCHAR NOT NULL,
    since       DATE NOT NULL,
    until       DATE NOT NULL,
    records     INTEGER NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (series, since, until)
);

-- Documents whose text the second pass still has to fetch: new, or with changed metadata, or
-- without a stored text. `meta_json` is the parsed SRU record (Document.to_dict) the text is
-- merged with, only when the stored row is not the metadata alone (it was merged with an older
-- text); `meta_sha256` its hash. A row is deleted in the transaction that loads the
-- text (or records the failure as a reject).
CREATE TABLE IF NOT EXISTS backfill_texts (
    doc_id        VARCHAR PRIMARY KEY,
    manifestation VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,
    meta_sha256   VARCHAR NOT NULL,
    meta_json     VARCHAR,
    queued_at     TIMESTAMPTZ NOT NULL
);

-- Small facts the backfill keeps between runs: `sets_stale` = 'true' while documents were
-- loaded whose question sets are not rebuilt yet (the backfill rebuilds every set at the end of
-- each pass, or when it is resumed, and then deletes the row).
CREATE TABLE IF NOT EXISTS backfill_state (
    name       VARCHAR PRIMARY KEY,
    value      VARCHAR NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
