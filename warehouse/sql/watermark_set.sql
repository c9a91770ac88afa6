INSERT INTO watermarks (series, value, updated_at) VALUES ($series, $value, now())
ON CONFLICT (series) DO UPDATE SET value = excluded.value, updated_at = now();
