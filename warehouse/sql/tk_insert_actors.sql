INSERT INTO tk_case_actors BY NAME SELECT *, now() AS synced_at FROM _tk_rows;
