-- publish/: the rows of timeliness_by_topic (shown as they are).
SELECT * FROM timeliness_by_topic
