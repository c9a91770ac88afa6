-- Timeliness per month of submission: timeliness_by_group's columns.
CREATE OR REPLACE VIEW timeliness_by_month AS
SELECT CAST(value AS DATE) AS month, * EXCLUDE (dimension, value, year)
FROM timeliness_by_group
WHERE dimension = 'month'
ORDER BY month;
