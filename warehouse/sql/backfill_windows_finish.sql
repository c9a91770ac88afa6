-- warehouse/backfill_state.py: record a finished window (its pages all loaded).
INSERT OR REPLACE INTO backfill_windows VALUES ($series, $since, $until, $records, $now);
