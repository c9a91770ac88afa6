-- publish/: the rows of timeliness_by_party (shown as they are).
SELECT * FROM timeliness_by_party
