-- Each row of set_outcomes once per group it counts in (set_groups, without 'year'): 'ministry', 'party', 'month' (the month of
-- S as text 'YYYY-MM-01'), 'topic' ("Area | Subject", one row per topic, NULL without topics),
-- 'member' (person_id of each submitter) and 'minister' (person_id of each answering minister,
-- else of the delay notice's sender; NULL when neither is known, e.g. overdue without notice).
-- Member and minister rows have year NULL: per person the views count over all years. Dimension
-- 'all' (value and year NULL) holds every set once: the report's headline figures.
-- Per set, for "how late": term_length_days (due_on − submitted_on, the term the deadline rule
-- gave it), within_twice_term (answered within twice that term) and twice_term_known
-- (answered, or open for more than twice the term: whether within_twice_term is decided).
CREATE OR REPLACE VIEW set_outcomes_by_group AS
WITH base AS (
    SELECT o.*,
           qs.topics,
           qs.submitters,
           CASE WHEN len(coalesce(qs.answered_by, [])) > 0 THEN qs.answered_by
                ELSE coalesce(n.answered_by, []) END AS ministers,
           CAST(qs.due_on - qs.submitted_on AS INTEGER) AS term_length_days
    FROM set_outcomes o
    JOIN question_sets qs USING (chamber, vraagnummer)
    LEFT JOIN documents n ON n.doc_id = qs.delay_notice_doc_id
),
outcomes AS (
    SELECT *,
           has_term AND status NOT IN ('withdrawn', 'incomplete')
               AND (days_taken IS NOT NULL OR days_open > 2 * term_length_days) AS twice_term_known,
           coalesce(days_taken <= 2 * term_length_days, false) AS within_twice_term
    FROM base
)
SELECT g.dimension, g.value, o.* REPLACE (g.year AS year)
FROM outcomes o
JOIN set_groups g USING (chamber, vraagnummer)
WHERE g.dimension <> 'year';
