-- publish/: the rows of timeliness_by_ministry (shown as they are).
SELECT * FROM timeliness_by_ministry
