SELECT value FROM watermarks WHERE series = $series;
