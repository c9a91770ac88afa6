-- publish/: the rows of timeliness_by_minister (shown as they are).
SELECT * FROM timeliness_by_minister
