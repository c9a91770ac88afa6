-- 006: the letter an answered-elsewhere notice points to ("zijn beantwoord middels een brief …
-- (36 471-64) op 7 juni 2024"): its Kamerstuk number as printed and the date the notice gives.
-- NULL for every other document.
ALTER TABLE documents ADD COLUMN closing_reference STRUCT(kamerstuk VARCHAR, dated_on DATE);
