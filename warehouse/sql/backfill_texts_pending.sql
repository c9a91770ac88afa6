-- warehouse/backfill_state.py: texts still queued for the text pass.
SELECT count(*) FROM backfill_texts;
