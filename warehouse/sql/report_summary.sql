-- warehouse/report.py: headline numbers (status today; shares over decided sets, see set_outcomes).
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
       extension_days() AS extension_days
FROM set_outcomes
