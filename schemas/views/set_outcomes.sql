-- One row per set with its outcome as of today, as flags the timeliness views count: decided (a
-- set with a term whose verdict is known), on_time, within_extension, late (answered late or
-- overdue), overdue, still_open; plus the review flag, `outcome` (outcome_category: one of the six
-- categories that add up, NULL without a term or submission date) and `num_questions`.
CREATE OR REPLACE VIEW set_outcomes AS
SELECT chamber,
       vraagnummer,
       title,
       question_type,
       has_term,
       submitted_on,
       year(submitted_on) AS year,
       CAST(date_trunc('month', submitted_on) AS DATE) AS month,
       ministries,
       parties,
       status,
       days_taken,
       working_days_taken,
       days_open,
       days_overdue,
       delay_notice_on IS NOT NULL AS has_delay_notice,
       coalesce(notice_was_late, false) AS notice_was_late,
       has_term AND status IN ('answered_on_time', 'answered_within_extension', 'answered_late',
                               'overdue') AS decided,
       status = 'answered_on_time' AS on_time,
       status = 'answered_within_extension' AS within_extension,
       status IN ('answered_late', 'overdue') AS late,
       status = 'overdue' AS overdue,
       status IN ('open', 'open_extended') AS still_open,
       needs_review,
       review_reasons,
       outcome_category(status, has_term) AS outcome,
       num_questions
FROM questions;
