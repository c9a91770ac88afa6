-- warehouse/db.py: write the WAL into the database file.
CHECKPOINT;
