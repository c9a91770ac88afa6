-- warehouse/report.py: headline numbers and how late (status today; shares over decided sets, see set_outcomes).
SELECT count(*) AS sets,
       count(*) FILTER (WHERE has_term) AS sets_with_term,
       count(days_taken) AS answered,
       median(days_taken) FILTER (WHERE has_term) AS median_days_taken,
       avg(CAST(late AS INTEGER)) FILTER (WHERE decided) AS share_late,
       count(*) FILTER (WHERE overdue) AS overdue_now,
       count(*) FILTER (WHERE still_open) AS still_open,
       count(*) FILTER (WHERE needs_review) AS needing_review,
       min(submitted_on) AS first_submitted_on,
       max(submitted_on) AS last_submitted_on,
       term_days() AS term_days,
       extension_days() AS extension_days,
       any_value(h.median_days_overdue) AS median_days_overdue,
       any_value(h.p90_days_overdue) AS p90_days_overdue,
       any_value(h.share_within_twice_term) AS share_within_twice_term,
       any_value(h.share_with_delay_notice) AS share_with_delay_notice,
       any_value(h.share_late_delay_notices) AS share_late_delay_notices
FROM set_outcomes
-- "how late" over all sets: the one aggregate (schemas/views/timeliness_by_group.sql), dimension 'all'
LEFT JOIN (SELECT median_days_overdue, p90_days_overdue, share_within_twice_term,
                  share_with_delay_notice, share_late_delay_notices
           FROM timeliness_by_group WHERE dimension = 'all') h ON true
