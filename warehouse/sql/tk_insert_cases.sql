INSERT INTO tk_cases BY NAME SELECT *, now() AS synced_at FROM _tk_rows;
