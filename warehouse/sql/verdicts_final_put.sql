-- warehouse/backfill_state.py: note the moment every verdict became final (kept while it stays so).
INSERT OR REPLACE INTO backfill_state (name, value, updated_at) VALUES ('verdicts_final_at', $at, $now);
