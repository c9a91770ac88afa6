-- warehouse/tk.py: the feed's own clock, the newest `bijgewerkt` of a stored case (NULL when none).
SELECT max(bijgewerkt) FROM tk_cases;
