-- warehouse/backfill_state.py: when every verdict became final (no status depending on an unread text).
SELECT value FROM backfill_state WHERE name = 'verdicts_final_at';
