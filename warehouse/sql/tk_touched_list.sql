SELECT vraagnummer FROM tk_touched ORDER BY vraagnummer;
