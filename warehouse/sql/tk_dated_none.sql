-- No set dated from the Tweede Kamer's records (a database before schema version 11).
CREATE OR REPLACE TEMP TABLE _tk_dated (chamber VARCHAR, vraagnummer VARCHAR);
