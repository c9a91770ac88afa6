-- The one clock in SQL: today is the date in Europe/Amsterdam, whatever the session's or machine's time
-- zone (schemas/clock.py gives Python the same day). `t` (default: now) lets a test name the instant.
CREATE OR REPLACE MACRO today_amsterdam(t := NULL) AS
    CAST(timezone('Europe/Amsterdam', coalesce(CAST(t AS TIMESTAMPTZ), now())) AS DATE);
