-- The cross-check's parameters for this rebuild (grace period in days).
CREATE OR REPLACE TEMP TABLE _tk_params AS
SELECT CAST($grace_days AS INTEGER) AS grace_days,
       CAST(timezone('Europe/Amsterdam', now()) AS DATE) AS today;
