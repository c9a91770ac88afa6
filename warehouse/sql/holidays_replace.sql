-- Replace the holiday calendar with the batch registered as _holidays_batch(day, name).
DELETE FROM holidays;
INSERT INTO holidays (day, name) SELECT day, name FROM _holidays_batch;
