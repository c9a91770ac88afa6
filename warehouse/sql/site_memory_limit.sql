-- warehouse/site_read.py: DuckDB's memory limit while the site is read and built (a size such as '40MB').
SET memory_limit = $size;
