-- Timeliness per topic ("Area | Subject", split into area and subject) and year of submission.
CREATE OR REPLACE VIEW timeliness_by_topic AS
SELECT value AS topic,
       split_part(value, ' | ', 1) AS area,
       nullif(regexp_extract(value, ' \| (.*)$', 1), '') AS subject,
       year,
       * EXCLUDE (dimension, value, year)
FROM timeliness_by_group
WHERE dimension = 'topic'
ORDER BY year, topic;
