DELETE FROM tk_touched;
