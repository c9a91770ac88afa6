-- publish/: the people each set counts for, as timeliness_by_member / timeliness_by_minister count
-- them (set_groups): role 'member' (each submitter) or 'minister' (each answering minister, else the
-- delay notice's sender), with the person's display name and party.
SELECT o.vraagnummer, o.dimension AS role, o.value AS person_id, p.display_name, p.party
FROM set_groups o
JOIN people p ON p.role = o.dimension AND p.person_id = o.value
WHERE o.dimension IN ('member', 'minister')
ORDER BY o.vraagnummer, role, p.display_name, person_id
