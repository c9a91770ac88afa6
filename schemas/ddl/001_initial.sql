-- 001: initial warehouse schema.
-- Migrations are immutable once released: change the schema in a new numbered file.

-- Settings read by the SQL (terms in calendar days). Rewritten from the environment on open.
CREATE TABLE settings (
    name       VARCHAR PRIMARY KEY,
    value      VARCHAR NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO settings (name, value) VALUES ('term_days', '21'), ('extension_days', '21');

-- Term for answering (three weeks) and the extension a delay notice gives (three more weeks).
CREATE MACRO term_days() AS (SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'term_days');
CREATE MACRO extension_days() AS
    (SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'extension_days');

-- Dutch public holidays (from the `holidays` library), filled on open.
CREATE TABLE holidays (
    day  DATE PRIMARY KEY,
    name VARCHAR NOT NULL
);

-- Monday to Friday days from 1900-01-01 (a Monday) up to and including x.
CREATE MACRO weekdays_through(x) AS
    (date_diff('day', DATE '1900-01-01', x) // 7) * 5
    + least(date_diff('day', DATE '1900-01-01', x) % 7 + 1, 5);

-- Working days in (s, a]: weekdays minus public holidays on weekdays; null when a < s.
CREATE MACRO working_days_between(s, a) AS
    CASE WHEN a >= s THEN
        weekdays_through(a) - weekdays_through(s)
        - (SELECT count(*) FROM holidays h WHERE h.day > s AND h.day <= a AND isodow(h.day) < 6)
    END;

-- One row per source document (latest parsed content), keyed by doc_id.
CREATE TABLE documents (
    doc_id           VARCHAR PRIMARY KEY,
    manifestation    VARCHAR,
    chamber          VARCHAR,
    kind             VARCHAR,
    notice_kind      VARCHAR,
    question_type    VARCHAR,
    vraagnummer      VARCHAR,
    aanhangselnummer VARCHAR,
    vergaderjaar     VARCHAR,
    title            VARCHAR,
    submitted_on     DATE,
    received_on      DATE,
    published_on     DATE,
    modified_on      DATE,
    submitters       STRUCT(name VARCHAR, party VARCHAR)[],
    addressed_to     VARCHAR[],
    answered_by      STRUCT(name VARCHAR, "function" VARCHAR, ministry VARCHAR)[],
    ministries       VARCHAR[],
    refers_to        STRUCT(vergaderjaar VARCHAR, nr VARCHAR)[],
    answer_doc_id    VARCHAR,
    items            STRUCT(nr INTEGER, question VARCHAR, answer VARCHAR, answer_refers_to INTEGER)[],
    notice_text      VARCHAR,
    urls             MAP(VARCHAR, VARCHAR),
    document_status  VARCHAR,
    content_sha256   VARCHAR NOT NULL,
    conflicts        STRUCT(field VARCHAR, kept VARCHAR, other VARCHAR, source VARCHAR)[],
    source           VARCHAR,
    missing          VARCHAR[],
    meta_sha256      VARCHAR,
    first_seen       TIMESTAMPTZ NOT NULL,
    fetched_at       TIMESTAMPTZ,
    loaded_at        TIMESTAMPTZ NOT NULL
);

-- The full parsed document per text manifestation (XML, HTML, PDF), as JSON.
CREATE TABLE document_texts (
    doc_id         VARCHAR PRIMARY KEY,
    manifestation  VARCHAR,
    url            VARCHAR,
    content_sha256 VARCHAR NOT NULL,
    doc_json       JSON NOT NULL,
    fetched_at     TIMESTAMPTZ
);

-- Every document with the question set it belongs to: its own vraagnummer, or (one level) the
-- vraagnummer of the same-chamber document its "Zie ook Aanhangsel …" reference points at.
CREATE VIEW document_keys AS
WITH direct AS (
    SELECT doc_id, chamber, vraagnummer, 'vraagnummer' AS linked_by
    FROM documents
    WHERE chamber IS NOT NULL AND vraagnummer IS NOT NULL
),
refs AS (
    SELECT doc_id, chamber,
           unnest(refers_to) AS ref,
           generate_subscripts(refers_to, 1) AS pos
    FROM documents
    WHERE vraagnummer IS NULL AND chamber IS NOT NULL AND len(refers_to) > 0
),
referred AS (
    SELECT r.doc_id, r.chamber, t.vraagnummer, 'refers_to' AS linked_by
    FROM refs r
    JOIN documents t
      ON t.chamber = r.chamber
     AND t.vraagnummer IS NOT NULL
     AND t.doc_id <> r.doc_id
     AND regexp_replace(t.vergaderjaar, '[^0-9]', '', 'g')
         = regexp_replace(r.ref.vergaderjaar, '[^0-9]', '', 'g')
     AND lower(trim(t.aanhangselnummer)) = lower(trim(r.ref.nr))
    QUALIFY row_number() OVER (PARTITION BY r.doc_id ORDER BY r.pos, t.doc_id) = 1
)
SELECT * FROM direct
UNION ALL
SELECT * FROM referred;

-- Materialised link of documents to sets (rebuilt with the sets), with each document's role:
-- question, answer (the first), supplementary_answer (explicit, or a later Antwoord),
-- delay_notice, withdrawal_notice, answered_elsewhere_notice, other_notice, unknown.
-- event_on: submitted_on for questions, received_on for the others (published_on when missing).
CREATE TABLE question_documents (
    doc_id        VARCHAR PRIMARY KEY,
    chamber       VARCHAR NOT NULL,
    vraagnummer   VARCHAR NOT NULL,
    linked_by     VARCHAR NOT NULL,
    kind          VARCHAR,
    notice_kind   VARCHAR,
    role          VARCHAR NOT NULL,
    event_on      DATE,
    event_on_from VARCHAR
);

-- One row per question set, derived from `documents` by warehouse/sql/rebuild_question_sets.sql.
-- Status-independent facts over all known documents; see status_as_of(d) for status on a date.
CREATE TABLE question_sets (
    chamber             VARCHAR NOT NULL,
    vraagnummer         VARCHAR NOT NULL,
    question_type       VARCHAR NOT NULL,
    has_term            BOOLEAN NOT NULL,
    title               VARCHAR,
    submitted_on        DATE,
    submitters          STRUCT(name VARCHAR, party VARCHAR)[],
    parties             VARCHAR[],
    addressed_to        VARCHAR[],
    ministries          VARCHAR[],
    answered_by         STRUCT(name VARCHAR, "function" VARCHAR, ministry VARCHAR)[],
    num_questions       INTEGER,
    question_doc_id     VARCHAR,
    answer_doc_id       VARCHAR,
    delay_notice_doc_id VARCHAR,
    answered_on         DATE,
    last_answer_on      DATE,
    delay_notice_on     DATE,
    notice_was_late     BOOLEAN,
    withdrawn_on        DATE,
    due_on              DATE,
    extended_due_on     DATE,
    effective_due_on    DATE,
    days_taken          INTEGER,
    working_days_taken  INTEGER,
    question_url        VARCHAR,
    answer_url          VARCHAR,
    delay_notice_url    VARCHAR,
    document_count      INTEGER NOT NULL,
    first_document_on   DATE,
    rebuilt_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (chamber, vraagnummer)
);

-- Numbered questions of a set with their answers (question text from the question document,
-- else from the answer document; answer text from the first answer).
CREATE TABLE question_items (
    chamber          VARCHAR NOT NULL,
    vraagnummer      VARCHAR NOT NULL,
    nr               INTEGER NOT NULL,
    question         VARCHAR,
    answer           VARCHAR,
    answer_refers_to INTEGER,
    PRIMARY KEY (chamber, vraagnummer, nr)
);

-- Ingestion bookkeeping.
CREATE SEQUENCE ingest_run_id_seq START 1;
CREATE TABLE ingest_runs (
    id           BIGINT PRIMARY KEY DEFAULT nextval('ingest_run_id_seq'),
    flow         VARCHAR NOT NULL,
    started      TIMESTAMPTZ NOT NULL,
    finished     TIMESTAMPTZ,
    window_since DATE,
    window_until DATE,
    pages        INTEGER,
    records      INTEGER,
    inserted     INTEGER,
    updated      INTEGER,
    unchanged    INTEGER,
    rejected     INTEGER,
    requests     INTEGER,
    outcome      VARCHAR NOT NULL,
    message      VARCHAR
);

-- Documents or URLs that failed a stage; open ones are retried on the next run.
CREATE TABLE rejects (
    key         VARCHAR PRIMARY KEY,
    stage       VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    excerpt     VARCHAR,
    first_seen  TIMESTAMPTZ NOT NULL,
    last_seen   TIMESTAMPTZ NOT NULL,
    attempts    INTEGER NOT NULL,
    resolved    BOOLEAN NOT NULL DEFAULT false,
    resolved_at TIMESTAMPTZ
);

-- Incremental sync cursors, one per series.
CREATE TABLE watermarks (
    series     VARCHAR PRIMARY KEY,
    value      DATE NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
