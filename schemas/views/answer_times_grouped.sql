-- answer_times_as_of(d) once per group each set counts in (set_groups), over the sets submitted in
-- [since, until] (NULL: open-ended): the rows answer_time_curve and answer_time_stats count.
CREATE OR REPLACE MACRO answer_times_grouped(d, since := NULL, until := NULL) AS TABLE
SELECT g.dimension, g.value, a.*
FROM answer_times_as_of(d) a
JOIN set_groups g USING (chamber, vraagnummer)
WHERE (since IS NULL OR a.submitted_on >= CAST(since AS DATE))
  AND (until IS NULL OR a.submitted_on <= CAST(until AS DATE));
