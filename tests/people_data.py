"""SYNTHETIC question sets for the per-person and "how late" views (made-up numbers 2024Z905xx,
notices ah-tk-20232024-950xx, answers ah-tk-20232024-960xx).

The names are written in the forms the real sources use (see tests/test_people_views.py); the
sets, dates and pairings are invented. Every set: TK, written, S = Monday 2024-01-08, so the
due date is 2024-01-29 (S + 21), the extended one 2024-02-19 (S + 42) and twice the term 42 days.

| set | submitters (party) | N (sender) | A (answered by) | outcome | days taken | days overdue |
|---|---|---|---|---|---|---|
| P1 2024Z90501 | S.P.R.A. van Weyenberg (—) | | 2024-01-22 (W. Koolmees) | on time | 14 | 0 |
| P2 2024Z90502 | Steven van Weyenberg (D66) | | 2024-03-04 (Koolmees) | late | 56 | 35 |
| P3 2024Z90503 | Van Weyenberg (D66), Inge van Dijk (CDA) | 2024-01-31, late (Hanke Bruins Slot) | 2024-03-11 (H.G.J. Bruins Slot) | late | 63 | 21 |
| P4 2024Z90504 | Van Dijk (CDA) | | none | overdue (no notice) | | today − 01-29 |
| P5 2024Z90505 | Jasper van Dijk (SP) | | 2024-01-15 (Bruins Slot) | on time | 7 | 0 |
| P6 2024Z90506 | Romke de Jong (D66) | 2024-01-25, in time (Hanke Bruins Slot) | none | overdue after extension | | today − 02-19 |
"""

from __future__ import annotations

from schemas.document import Document, Minister, Person
from tests.docfactory import answer, notice, question

S = "2024-01-08"


def _set(nr: int, submitters: list[Person], *, answered: str | None = None, by: str | None = None,
         noticed: str | None = None, sender: str | None = None) -> list[Document]:
    number = f"2024Z905{nr:02d}"
    docs = [question(number, S, submitters=submitters, ministries=["BZK"])]
    if noticed:
        docs.append(notice(number, noticed, doc_id=f"ah-tk-20232024-950{nr:02d}", vergaderjaar="2023-2024",
                           submitters=submitters, answered_by=[Minister(sender)]))
    if answered:
        docs.append(answer(number, answered, doc_id=f"ah-tk-20232024-960{nr:02d}", vergaderjaar="2023-2024",
                           submitters=submitters, answered_by=[Minister(by)]))
    return docs


def people_docs() -> list[Document]:
    """The documents of the table above."""
    return [
        *_set(1, [Person("S.P.R.A. van Weyenberg")], answered="2024-01-22", by="W. Koolmees"),
        *_set(2, [Person("Steven van Weyenberg", "D66")], answered="2024-03-04", by="Koolmees"),
        *_set(3, [Person("Van Weyenberg", "D66"), Person("Inge van Dijk", "CDA")],
              noticed="2024-01-31", sender="Hanke Bruins Slot", answered="2024-03-11", by="H.G.J. Bruins Slot"),
        *_set(4, [Person("Van Dijk", "CDA")]),
        *_set(5, [Person("Jasper van Dijk", "SP")], answered="2024-01-15", by="Bruins Slot"),
        *_set(6, [Person("Romke de Jong", "D66")], noticed="2024-01-25", sender="Hanke Bruins Slot"),
    ]
