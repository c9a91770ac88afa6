-- Forget these vraagnummers of the queue (their sets were just re-derived, in the same transaction).
DELETE FROM tk_touched WHERE list_contains($vraagnummers, vraagnummer);
