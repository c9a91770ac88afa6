-- warehouse/backfill_state.py: the backfill's DuckDB memory limit (a size such as '96MB').
SET memory_limit = $size;
