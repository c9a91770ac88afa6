-- warehouse/backfill_state.py: documents were loaded whose question sets are not rebuilt yet.
INSERT OR REPLACE INTO backfill_state VALUES ('sets_stale', 'true', $now);
