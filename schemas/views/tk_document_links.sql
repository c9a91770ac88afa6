-- TK answers and notices matched to the publications' Aanhangsel documents by vergaderjaar and
-- aanhangselnummer (the number compared without leading zeros or a prefix).
CREATE OR REPLACE VIEW tk_document_links AS
SELECT t.id AS tk_document_id, t.soort, t.vergaderjaar, t.aanhangselnummer, d.doc_id,
       t.ontvangen_on AS tk_received_on, d.received_on
FROM tk_documents t
JOIN documents d
  ON d.chamber = tk_records_chamber() AND d.vergaderjaar = t.vergaderjaar
 AND TRY_CAST(regexp_extract(d.aanhangselnummer, '(\d+)$', 1) AS BIGINT)
     = TRY_CAST(regexp_extract(t.aanhangselnummer, '(\d+)$', 1) AS BIGINT)
WHERE t.aanhangselnummer IS NOT NULL;
