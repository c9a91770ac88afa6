-- No review reasons from other sources (a database without the TK tables).
CREATE OR REPLACE TEMP TABLE _extra_review_reasons (chamber VARCHAR, vraagnummer VARCHAR, since DATE, reason VARCHAR);
