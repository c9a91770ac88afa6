-- warehouse/backfill_state.py: the deferred rebuild is done.
DELETE FROM backfill_state WHERE name = 'sets_stale';
