-- Add vraagnummers to the watch list (a new note replaces the old one; added_at is kept).
INSERT INTO watchlist (vraagnummer, note, added_at)
SELECT vraagnummer, note, now() FROM _watchlist_batch
ON CONFLICT (vraagnummer) DO UPDATE SET note = coalesce(excluded.note, watchlist.note);
