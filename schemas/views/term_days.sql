-- The term for answering a written question, in calendar days (setting `term_days`, default 21).
CREATE OR REPLACE MACRO term_days() AS (SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'term_days');
