-- Working days in (s, a]: weekdays minus public holidays on weekdays; null when a < s.
CREATE OR REPLACE MACRO working_days_between(s, a) AS
    CASE WHEN a >= s THEN
        weekdays_through(a) - weekdays_through(s)
        - (SELECT count(*) FROM holidays h WHERE h.day > s AND h.day <= a AND isodow(h.day) < 6)
    END;
