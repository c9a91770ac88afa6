-- Dates in the warehouse are Europe/Amsterdam calendar dates.
SET TimeZone = 'Europe/Amsterdam';
