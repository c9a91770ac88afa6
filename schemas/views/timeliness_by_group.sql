-- The one timeliness aggregate, per dimension, value and year (the thin timeliness_by_* views
-- select from it): counts, median and p90 days taken, shares on time / within the extension /
-- late of the decided sets, and "how late":
--   median_days_overdue, p90_days_overdue: days past the due date in force, over the late sets
--     (answered late or overdue now);
--   share_within_twice_term: answered within twice the term, of the sets where that is decided;
--   share_with_delay_notice: of the decided sets;
--   share_late_delay_notices: of the sets with a term and a delay notice, the share whose notice
--     came after the (unextended) due date.
CREATE OR REPLACE VIEW timeliness_by_group AS
SELECT dimension,
       value,
       year,
       count(*) AS sets,
       count(*) FILTER (WHERE has_term) AS sets_with_term,
       count(*) FILTER (WHERE decided) AS decided,
       count(days_taken) AS answered,
       median(days_taken) AS median_days_taken,
       quantile_cont(days_taken, 0.9) AS p90_days_taken,
       median(working_days_taken) AS median_working_days_taken,
       avg(CAST(on_time AS INTEGER)) FILTER (WHERE decided) AS share_on_time,
       avg(CAST(within_extension AS INTEGER)) FILTER (WHERE decided) AS share_within_extension,
       avg(CAST(late AS INTEGER)) FILTER (WHERE decided) AS share_late,
       avg(CAST(has_delay_notice AS INTEGER)) FILTER (WHERE decided) AS share_with_delay_notice,
       count(*) FILTER (WHERE decided AND notice_was_late) AS late_delay_notices,
       count(*) FILTER (WHERE overdue) AS currently_overdue,
       count(*) FILTER (WHERE still_open) AS still_open,
       count(*) FILTER (WHERE needs_review) AS needing_review,
       median(days_overdue) FILTER (WHERE late) AS median_days_overdue,
       quantile_cont(days_overdue, 0.9) FILTER (WHERE late) AS p90_days_overdue,
       avg(CAST(within_twice_term AS INTEGER)) FILTER (WHERE twice_term_known)
           AS share_within_twice_term,
       avg(CAST(notice_was_late AS INTEGER)) FILTER (WHERE has_term AND has_delay_notice)
           AS share_late_delay_notices
FROM set_outcomes_by_group
GROUP BY dimension, value, year;
