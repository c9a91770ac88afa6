-- publish/: every set's full row with its status as of the build's day (the temporary table
-- site_status, site_status.sql), the one column list of site_sets.sql and site_sets_range.sql. q.*
-- brings any column a later migration adds (e.g. topics); the status columns come from status_as_of
-- (not days_open: the site does not show it, and it would change every open set's inputs every day).
CREATE OR REPLACE TEMP VIEW site_set_rows AS
SELECT q.* EXCLUDE (due_on, extended_due_on, effective_due_on, days_taken, notice_was_late, answered_on,
                    delay_notice_on, withdrawn_on, needs_review, review_reasons, review_items,
                    source_values, rebuilt_at),
       s.status, s.days_overdue, s.due_on, s.extended_due_on, s.effective_due_on,
       s.days_taken, s.notice_was_late, s.answered_on, s.delay_notice_on, s.withdrawn_on,
       s.needs_review, s.review_reasons, s.review_open_reasons
FROM question_sets q
JOIN site_status s USING (chamber, vraagnummer)
