-- The one timeliness aggregate, per dimension, value and year (the thin timeliness_by_* views
-- select from it): counts, median and p90 days taken, shares on time / within the extension /
-- late of the decided sets, and "how late":
--   median_days_overdue, p90_days_overdue: days past the due date in force, over the late sets
--     (answered late or overdue now);
--   share_within_twice_term: answered within twice the term, of the sets where that is decided;
--   share_with_delay_notice: of the decided sets;
--   share_late_delay_notices: of the sets with a term and a delay notice, the share whose notice
--     came after the (unextended) due date;
-- and the outcome categories that add up (set_outcomes.outcome, over the sets with a term and a
-- submission date: sets_categorised): per set answered_on_time, answered_within_extension,
-- answered_late, withdrawn, open_within_term, open_overdue and their share_* of sets_categorised
-- (together 1); within_extension_late_notice: of answered_within_extension, the sets whose delay notice
-- came after the unextended due date (it still extended the term, docs/domain.md); per question
-- (num_questions, where the question text was read): questions_categorised, questions_<category> and
-- share_questions_<category> (together 1).
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
           AS share_late_delay_notices,
       count(outcome) AS sets_categorised,
       count(*) FILTER (WHERE outcome = 'answered_on_time') AS answered_on_time,
       count(*) FILTER (WHERE outcome = 'answered_within_extension') AS answered_within_extension,
       count(*) FILTER (WHERE outcome = 'answered_late') AS answered_late,
       count(*) FILTER (WHERE outcome = 'withdrawn') AS withdrawn,
       count(*) FILTER (WHERE outcome = 'open_within_term') AS open_within_term,
       count(*) FILTER (WHERE outcome = 'open_overdue') AS open_overdue,
       count(*) FILTER (WHERE outcome = 'answered_on_time') / nullif(count(outcome), 0) AS share_answered_on_time,
       count(*) FILTER (WHERE outcome = 'answered_within_extension') / nullif(count(outcome), 0) AS share_answered_within_extension,
       count(*) FILTER (WHERE outcome = 'answered_late') / nullif(count(outcome), 0) AS share_answered_late,
       count(*) FILTER (WHERE outcome = 'withdrawn') / nullif(count(outcome), 0) AS share_withdrawn,
       count(*) FILTER (WHERE outcome = 'open_within_term') / nullif(count(outcome), 0) AS share_open_within_term,
       count(*) FILTER (WHERE outcome = 'open_overdue') / nullif(count(outcome), 0) AS share_open_overdue,
       count(*) FILTER (WHERE outcome = 'answered_within_extension' AND notice_was_late)
           AS within_extension_late_notice,
       sum(num_questions) FILTER (WHERE outcome IS NOT NULL) AS questions_categorised,
       coalesce(sum(num_questions) FILTER (WHERE outcome = 'answered_on_time'), 0) AS questions_answered_on_time,
       coalesce(sum(num_questions) FILTER (WHERE outcome = 'answered_within_extension'), 0) AS questions_answered_within_extension,
       coalesce(sum(num_questions) FILTER (WHERE outcome = 'answered_late'), 0) AS questions_answered_late,
       coalesce(sum(num_questions) FILTER (WHERE outcome = 'withdrawn'), 0) AS questions_withdrawn,
       coalesce(sum(num_questions) FILTER (WHERE outcome = 'open_within_term'), 0) AS questions_open_within_term,
       coalesce(sum(num_questions) FILTER (WHERE outcome = 'open_overdue'), 0) AS questions_open_overdue,
       coalesce(sum(num_questions) FILTER (WHERE outcome = 'answered_on_time'), 0)
           / nullif(sum(num_questions) FILTER (WHERE outcome IS NOT NULL), 0) AS share_questions_answered_on_time,
       coalesce(sum(num_questions) FILTER (WHERE outcome = 'answered_within_extension'), 0)
           / nullif(sum(num_questions) FILTER (WHERE outcome IS NOT NULL), 0) AS share_questions_answered_within_extension,
       coalesce(sum(num_questions) FILTER (WHERE outcome = 'answered_late'), 0)
           / nullif(sum(num_questions) FILTER (WHERE outcome IS NOT NULL), 0) AS share_questions_answered_late,
       coalesce(sum(num_questions) FILTER (WHERE outcome = 'withdrawn'), 0)
           / nullif(sum(num_questions) FILTER (WHERE outcome IS NOT NULL), 0) AS share_questions_withdrawn,
       coalesce(sum(num_questions) FILTER (WHERE outcome = 'open_within_term'), 0)
           / nullif(sum(num_questions) FILTER (WHERE outcome IS NOT NULL), 0) AS share_questions_open_within_term,
       coalesce(sum(num_questions) FILTER (WHERE outcome = 'open_overdue'), 0)
           / nullif(sum(num_questions) FILTER (WHERE outcome IS NOT NULL), 0) AS share_questions_open_overdue
FROM set_outcomes_by_group
GROUP BY dimension, value, year;
