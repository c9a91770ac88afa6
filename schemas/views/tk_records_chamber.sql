-- The chamber whose sets the Tweede Kamer's records describe (a key's chamber, not the deadline
-- rule: which sets have a term is set_has_term).
CREATE OR REPLACE MACRO tk_records_chamber() AS 'tk';
