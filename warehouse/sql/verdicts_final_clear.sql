-- warehouse/backfill_state.py: some status depends on an unread text again.
DELETE FROM backfill_state WHERE name = 'verdicts_final_at';
