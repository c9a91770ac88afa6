-- publish/: the rows of timeliness_by_member (shown as they are).
SELECT * FROM timeliness_by_member
