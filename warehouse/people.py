"""The `person_names` table: every written name of a member or minister with the person it is.

Rewritten whole after every rebuild of question sets (names are few: thousands at most), since
which person a bare surname is depends on every other name of that surname
(`schemas.people.resolve_people`). Runs in the caller's transaction.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from schemas.people import resolve_people
from warehouse.db import load_sql


def refresh_person_names(con: duckdb.DuckDBPyConnection) -> int:
    """Re-derive `person_names` from `question_sets`; returns the number of rows written."""
    rows = con.execute(load_sql("person_names_written")).fetchall()
    out: dict[str, list] = {k: [] for k in
                            ("role", "name", "party", "person_id", "display_name", "person_party")}
    for role in ("member", "minister"):
        pairs = [(name, party) for r, name, party in rows if r == role]
        for (name, party), person in sorted(resolve_people(pairs).items(),
                                            key=lambda x: (x[0][0], x[0][1] or "")):
            for key, value in (("role", role), ("name", name), ("party", party),
                               ("person_id", person.person_id),
                               ("display_name", person.display_name),
                               ("person_party", person.party)):
                out[key].append(value)
    con.register("_person_names_batch", pa.table({k: pa.array(v, pa.string()) for k, v in out.items()}))
    try:
        con.execute(load_sql("person_names_replace"))
    finally:
        con.unregister("_person_names_batch")
    return len(out["name"])
