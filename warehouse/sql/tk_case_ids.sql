SELECT id FROM tk_cases;
