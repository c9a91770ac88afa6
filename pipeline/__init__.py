"""Prefect-free jobs that drive scrapers → warehouse: `ingest`, `backfill`, alert delivery.

Every entry point (the Prefect flows, the CLI, bench, demo) runs these. May import `schemas`,
`scrapers`, `warehouse` and `config`; never Prefect, never `flows`/`cli`.
"""
