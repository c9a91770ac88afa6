-- The Tweede Kamer's own records of written questions (SyncFeed: Zaak, ZaakActor, Document), raw but
-- typed, the sync state per category, the cross-check against the publications, and the columns the
-- TK records give each question set (warehouse/sql/tk_enrich_question_sets.sql fills them).

-- The chamber whose sets the Tweede Kamer's records describe (a key's chamber, not the deadline rule:
-- which sets have a term is set_has_term of migration 008).
CREATE MACRO tk_records_chamber() AS 'tk';

CREATE TABLE tk_cases (
    id VARCHAR PRIMARY KEY,                -- the Zaak's GUID
    nummer VARCHAR,                        -- the vraagnummer, e.g. 2021Z09739
    soort VARCHAR,
    onderwerp VARCHAR,
    titel VARCHAR,
    gestart_op TIMESTAMPTZ,                -- as published (local midnight)
    gestart_on DATE,                       -- gestartOp as a Europe/Amsterdam date
    termijn TIMESTAMPTZ,                   -- empty in the whole 2024 snapshot: stored, never relied on
    vergaderjaar VARCHAR,
    status VARCHAR,
    huidige_behandelstatus VARCHAR,
    afgedaan BOOLEAN,
    organisatie VARCHAR,
    bijgewerkt TIMESTAMPTZ,
    synced_at TIMESTAMPTZ
);
CREATE INDEX tk_cases_nummer ON tk_cases (nummer);

CREATE TABLE tk_case_actors (
    id VARCHAR PRIMARY KEY,
    zaak_id VARCHAR,
    persoon_id VARCHAR,
    fractie_id VARCHAR,
    commissie_id VARCHAR,
    actor_naam VARCHAR,
    actor_fractie VARCHAR,
    actor_afkorting VARCHAR,
    functie VARCHAR,
    relatie VARCHAR,                       -- Indiener, Medeindiener, Gericht aan, …
    sid_actor VARCHAR,
    ministry VARCHAR,                      -- functie → ministry (scrapers/ministries.csv)
    bijgewerkt TIMESTAMPTZ,
    synced_at TIMESTAMPTZ
);

CREATE TABLE tk_documents (
    id VARCHAR PRIMARY KEY,
    zaak_ids VARCHAR[],
    soort VARCHAR,
    document_nummer VARCHAR,
    titel VARCHAR,
    onderwerp VARCHAR,
    datum TIMESTAMPTZ,
    vergaderjaar VARCHAR,
    kamer INTEGER,
    datum_registratie TIMESTAMPTZ,
    datum_ontvangst TIMESTAMPTZ,
    ontvangen_on DATE,                     -- datumOntvangst as a Europe/Amsterdam date
    aanhangselnummer VARCHAR,
    kenmerk_afzender VARCHAR,
    organisatie VARCHAR,
    bijgewerkt TIMESTAMPTZ,
    synced_at TIMESTAMPTZ
);

-- Where the next sync of each category resumes.
CREATE TABLE tk_sync_state (
    category VARCHAR PRIMARY KEY,
    skiptoken VARCHAR,
    pages BIGINT DEFAULT 0,
    entries BIGINT DEFAULT 0,
    kept BIGINT DEFAULT 0,
    deleted BIGINT DEFAULT 0,
    updated_at TIMESTAMPTZ
);

-- Vraagnummers whose TK records changed since their sets were last derived (consumed by the rebuild).
CREATE TABLE tk_touched (vraagnummer VARCHAR PRIMARY KEY);

-- One row per set, kind and field where the publications and the TK records disagree.
CREATE TABLE source_disagreements (
    chamber VARCHAR NOT NULL,
    vraagnummer VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    ours VARCHAR,
    theirs VARCHAR,
    verdict_changing BOOLEAN NOT NULL,
    since DATE,                            -- from when it bears on the verdict (review items)
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    resolved_at TIMESTAMPTZ,               -- set when the sources stopped disagreeing
    PRIMARY KEY (chamber, vraagnummer, kind, field)
);

ALTER TABLE question_sets ADD COLUMN tk_case_id VARCHAR;
ALTER TABLE question_sets ADD COLUMN tk_parties VARCHAR[];
ALTER TABLE question_sets ADD COLUMN tk_addressed_to VARCHAR[];
ALTER TABLE question_sets ADD COLUMN tk_ministries VARCHAR[];
ALTER TABLE question_sets ADD COLUMN tk_submitted_on DATE;
ALTER TABLE question_sets ADD COLUMN parties_source VARCHAR;
ALTER TABLE question_sets ADD COLUMN ministries_source VARCHAR;

-- TK answers and notices matched to the publications' Aanhangsel documents by vergaderjaar and
-- aanhangselnummer (the number compared without leading zeros or a prefix).
CREATE VIEW tk_document_links AS
SELECT t.id AS tk_document_id, t.soort, t.vergaderjaar, t.aanhangselnummer, d.doc_id,
       t.ontvangen_on AS tk_received_on, d.received_on
FROM tk_documents t
JOIN documents d
  ON d.chamber = tk_records_chamber() AND d.vergaderjaar = t.vergaderjaar
 AND TRY_CAST(regexp_extract(d.aanhangselnummer, '(\d+)$', 1) AS BIGINT)
     = TRY_CAST(regexp_extract(t.aanhangselnummer, '(\d+)$', 1) AS BIGINT)
WHERE t.aanhangselnummer IS NOT NULL;

-- The disagreements in force, newest first, with the set's title.
CREATE VIEW source_disagreements_open AS
SELECT sd.chamber, sd.vraagnummer, qs.title, sd.kind, sd.field, sd.ours, sd.theirs,
       sd.verdict_changing, sd.first_seen, sd.last_seen
FROM source_disagreements sd
LEFT JOIN question_sets qs USING (chamber, vraagnummer)
WHERE sd.resolved_at IS NULL
ORDER BY sd.first_seen DESC, sd.vraagnummer, sd.kind;
