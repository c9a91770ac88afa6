-- warehouse/overrides.py add_override: the review reasons a set has now (what a settlement covers).
SELECT review_reasons FROM question_sets WHERE chamber = $chamber AND vraagnummer = $vraagnummer
