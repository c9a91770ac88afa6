-- warehouse/backfill_state.py: how much WAL may grow before DuckDB checkpoints (a size such as '32MB').
SET checkpoint_threshold = $size;
