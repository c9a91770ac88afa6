DROP TABLE IF EXISTS _rebuild_keys;
