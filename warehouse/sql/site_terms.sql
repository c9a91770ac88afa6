-- publish/: the terms in force (days), as the status model uses them.
SELECT term_days() AS term_days, extension_days() AS extension_days
