-- Monday to Friday days from 1900-01-01 (a Monday) up to and including x.
CREATE OR REPLACE MACRO weekdays_through(x) AS
    (date_diff('day', DATE '1900-01-01', x) // 7) * 5
    + least(date_diff('day', DATE '1900-01-01', x) % 7 + 1, 5);
