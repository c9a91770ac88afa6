INSERT INTO tk_documents BY NAME SELECT *, now() AS synced_at FROM _tk_rows;
