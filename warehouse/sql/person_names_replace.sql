-- Replace person_names with the batch _person_names_batch (warehouse/people.py).
DELETE FROM person_names;
INSERT INTO person_names BY NAME SELECT * FROM _person_names_batch;
