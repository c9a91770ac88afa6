-- publish/: which optional views and columns exist (pages for them are built only then).
SELECT table_name AS name, NULL AS column_name FROM information_schema.tables
WHERE table_name IN ('timeliness_by_topic', 'timeliness_by_member', 'timeliness_by_minister')
UNION ALL
SELECT table_name, column_name FROM information_schema.columns
WHERE table_name = 'question_sets' AND column_name = 'topics'
