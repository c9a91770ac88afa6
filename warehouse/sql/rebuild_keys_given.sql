-- The keys to rebuild, from the registered batch _rebuild_keys_batch(chamber, vraagnummer).
CREATE OR REPLACE TEMP TABLE _rebuild_keys AS
SELECT DISTINCT chamber, vraagnummer FROM _rebuild_keys_batch
WHERE chamber IS NOT NULL AND vraagnummer IS NOT NULL;
