"""Normalised record types (`Document`) and the DuckDB DDL."""
