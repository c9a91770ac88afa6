"""The DuckDB warehouse: every SQL statement of the product (the DDL lives in `schemas/ddl/`).

`Document`s in through `load.load` (the one load transaction), question sets and their status out
(views, status macros, exports, snapshot); also the backfill and alert state. May import only
`schemas` and `config`. Statements live in `sql/*.sql`, loaded by name with `load_sql`.
"""

from importlib import import_module
from typing import Any

# name → the module that defines it; imported on first use (PEP 562), so that reading the warehouse
# (`warehouse.read`, `warehouse.site_read`: `status`, `show`, the site) does not load the writers'
# modules and pyarrow (≈ 40 MB resident, and time at every read command's start)
_WHERE = {
    "Settings": "db", "connect": "db", "load_sql": "db", "transaction": "db",
    "UpsertCounts": "documents", "get_text_docs": "documents", "known_hashes": "documents",
    "upsert_documents": "documents", "upsert_text_docs": "documents",
    "keys_for_documents": "questions", "rebuild_question_sets": "questions",
    "finish_run": "runs", "get_watermark": "runs", "open_rejects": "runs", "record_reject": "runs",
    "resolve_rejects": "runs", "set_watermark": "runs", "start_run": "runs",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"warehouse.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'warehouse' has no attribute {name!r}")


__all__ = [
    "Settings",
    "UpsertCounts",
    "connect",
    "finish_run",
    "get_text_docs",
    "get_watermark",
    "keys_for_documents",
    "known_hashes",
    "load_sql",
    "open_rejects",
    "rebuild_question_sets",
    "record_reject",
    "resolve_rejects",
    "set_watermark",
    "start_run",
    "transaction",
    "upsert_documents",
    "upsert_text_docs",
]
