-- warehouse/backfill_state.py: whether a deferred rebuild of the question sets is pending (0 or 1).
SELECT count(*) FROM backfill_state WHERE name = 'sets_stale';
