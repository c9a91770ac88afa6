"""SYNTHETIC: a small warehouse for alert tests: sets whose status on a given day gives every alert kind.

Made up: the sets, titles and dates; the vraagnummers 2026Z92001-2026Z92009 lie outside the real number
space (real ones stay below Z90000 a year), the Aanhangsel nrs come from tests/docfactory.py (90000 up).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from schemas.document import Document, Person
from tests.docfactory import answer, notice, question
from tests.harness import migrated
from warehouse import connect, keys_for_documents, rebuild_question_sets, transaction, upsert_documents

JANSEN = [Person("Jansen", "D66")]
RECENT_OVERDUE = {"2026Z92001", "2026Z92006", "2026Z92007"}  # overdue, crossed within 7 days


def corpus(as_of: date) -> list[Document]:
    """Question sets relative to `as_of` (comments: their state on that day)."""

    def ago(days: int) -> str:
        return (as_of - timedelta(days=days)).isoformat()

    return [
        question("2026Z92001", ago(24), title="Te laat zonder uitstel"),  # overdue 3 days (BZK, CDA)
        question("2026Z92002", ago(45), title="Te laat na uitstel", ministries=["VWS"], submitters=JANSEN),
        notice("2026Z92002", ago(30)),  # extended due ago(3): overdue after extension, 3 days
        question("2026Z92003", ago(200), title="Al lang te laat"),  # crossed long ago: backlog only
        question("2026Z92004", ago(18), title="Bijna te laat"),  # due in 3 days
        question("2026Z92005", ago(20), title="Bewaakte vraag", ministries=["VWS"], submitters=JANSEN),
        answer("2026Z92005", ago(2)),  # answered 2 days ago (watch list)
        question("2026Z92006", ago(27), title="Zes dagen te laat"),  # overdue 6: in the window
        question("2026Z92007", ago(28), title="Zeven dagen te laat"),  # overdue 7: last day of the window
        question("2026Z92008", ago(29), title="Acht dagen te laat"),  # overdue 8: outside the window
        question("2026Z92009", ago(26), title="Op tijd", ministries=["FIN"]),
        answer("2026Z92009", ago(10)),  # answered on time: never alerted
    ]


def build_db(path: Path, as_of: date) -> Path:
    """A warehouse file at `path` holding `corpus(as_of)`."""
    con = connect(migrated(path))
    try:
        with transaction(con):
            counts = upsert_documents(con, corpus(as_of), datetime.now(UTC))
            rebuild_question_sets(con, keys_for_documents(con, counts.changed_ids))
    finally:
        con.close()
    return path
