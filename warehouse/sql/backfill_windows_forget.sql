-- warehouse/backfill_state.py: forget the finished windows of $series (a list) that overlap [$since, $until].
DELETE FROM backfill_windows WHERE list_contains($series, series) AND until >= $since AND since <= $until;
