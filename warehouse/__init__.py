"""The DuckDB warehouse: every SQL statement of the product (the DDL lives in `schemas/ddl/`).

`Document`s in through `load.load` (the one load transaction), question sets and their status out
(views, status macros, exports, snapshot); also the backfill and alert state. May import only
`schemas` and `config`. Statements live in `sql/*.sql`, loaded by name with `load_sql`.
"""

from warehouse.db import Settings, connect, load_sql, transaction
from warehouse.documents import (
    UpsertCounts,
    get_text_docs,
    known_hashes,
    upsert_documents,
    upsert_text_docs,
)
from warehouse.questions import keys_for_documents, rebuild_question_sets
from warehouse.runs import (
    finish_run,
    get_watermark,
    open_rejects,
    record_reject,
    resolve_rejects,
    set_watermark,
    start_run,
)

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
