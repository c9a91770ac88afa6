-- The extension a delay notice gives, in calendar days (setting `extension_days`, default 21).
CREATE OR REPLACE MACRO extension_days() AS
    (SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'extension_days');
