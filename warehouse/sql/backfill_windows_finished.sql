-- warehouse/backfill_state.py: the finished windows of one series, oldest first.
SELECT since, until FROM backfill_windows WHERE series = $s ORDER BY since;
