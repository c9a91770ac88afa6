INSERT INTO settings (name, value, updated_at)
SELECT name, value, now() FROM _settings_batch
ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = now();
