"""SYNTHETIC: build sealed `Document`s for warehouse tests (questions, answers, notices).

Everything made here is made up: dates, titles, items, numbers. Ids passed to these builders must be
made up too (vraagnummers like 2024Z90001, Aanhangsel nrs of 9000 and above); a real id may be used
only with its real facts (the worked example 2022Z00634 of docs/domain.md). Documents built without
an explicit Aanhangsel nr get one from 90000 up, a range no real vergaderjaar reaches.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from schemas.document import AanhangselRef, Document, Item, Minister, Person

_numbers = itertools.count(90000)  # made-up Aanhangsel nrs


def d(text: str) -> date:
    """ISO date."""
    return date.fromisoformat(text)


def question(
    vraagnummer: str | None,
    submitted_on: str | None,
    *,
    chamber: str = "tk",
    doc_id: str | None = None,
    title: str = "Het bericht over iets",
    num_items: int = 2,
    **fields: Any,
) -> Document:
    """A question document (`kv-…`) with `num_items` numbered questions."""
    values: dict[str, Any] = {
        "doc_id": doc_id or f"kv-{chamber}-{vraagnummer}",
        "manifestation": "metadata",
        "chamber": chamber,
        "kind": "question",
        "question_type": "written",
        "vraagnummer": vraagnummer,
        "title": title,
        "submitted_on": d(submitted_on) if submitted_on else None,
        "submitters": [Person("Hilde Palland", "CDA"), Person("Inge van Dijk", "CDA")],
        "addressed_to": ["Minister van Binnenlandse Zaken en Koninkrijksrelaties"],
        "ministries": ["BZK"],
        "items": [Item(nr, f"Vraag {nr}?") for nr in range(1, num_items + 1)],
        "source": "https://repository.overheid.nl/sru",
    }
    values.update(fields)
    return Document(**values).seal()


def _aanhangsel(
    kind: str,
    vraagnummer: str | None,
    received_on: str | None,
    *,
    chamber: str,
    doc_id: str | None,
    vergaderjaar: str,
    nr: str | None,
    fields: dict[str, Any],
) -> Document:
    number = nr or str(next(_numbers))
    values: dict[str, Any] = {
        "doc_id": doc_id or f"ah-{chamber}-{vergaderjaar.replace('-', '')}-{number}",
        "manifestation": "metadata",
        "chamber": chamber,
        "kind": kind,
        "vraagnummer": vraagnummer,
        "aanhangselnummer": number,
        "vergaderjaar": vergaderjaar,
        "received_on": d(received_on) if received_on else None,
        "source": "https://repository.overheid.nl/sru",
    }
    values.update(fields)
    return Document(**values).seal()


def answer(
    vraagnummer: str | None,
    received_on: str | None,
    *,
    chamber: str = "tk",
    doc_id: str | None = None,
    vergaderjaar: str = "2021-2022",
    nr: str | None = None,
    num_items: int = 2,
    **fields: Any,
) -> Document:
    """An answer document (`ah-…`, type Antwoord) answering `num_items` questions."""
    defaults: dict[str, Any] = {
        "title": "Antwoord op vragen van de leden Van Dijk en Palland",
        "submitters": [Person("Inge van Dijk"), Person("Palland")],
        "answered_by": [Minister("Hanke Bruins Slot", "minister", "BZK")],
        "ministries": ["BZK"],
        "items": [
            Item(nr_, f"Vraag {nr_} (uit antwoord)?", f"Antwoord {nr_}.")
            for nr_ in range(1, num_items + 1)
        ],
    }
    defaults.update(fields)
    return _aanhangsel(
        "answer",
        vraagnummer,
        received_on,
        chamber=chamber,
        doc_id=doc_id,
        vergaderjaar=vergaderjaar,
        nr=nr,
        fields=defaults,
    )


def supplementary(vraagnummer: str | None, received_on: str | None, **kwargs: Any) -> Document:
    """A supplementary answer ("aanvullende beantwoording")."""
    doc = answer(vraagnummer, received_on, title="Aanvullende beantwoording", **kwargs)
    doc.kind = "supplementary_answer"
    return doc.seal()


def notice(
    vraagnummer: str | None,
    received_on: str | None,
    notice_kind: str = "delay",
    *,
    chamber: str = "tk",
    doc_id: str | None = None,
    vergaderjaar: str = "2021-2022",
    nr: str | None = None,
    **fields: Any,
) -> Document:
    """A Mededeling of `notice_kind` (delay, withdrawn, answered_elsewhere, other)."""
    texts = {
        "delay": "… kunnen niet binnen de termijn van drie weken worden beantwoord.",
        "withdrawn": "De vragen zijn ingetrokken.",
        "answered_elsewhere": "De vragen zijn beantwoord middels een brief.",
        "other": "Mededeling.",
    }
    defaults: dict[str, Any] = {
        "notice_kind": notice_kind,
        "title": "Uitstel beantwoording vragen" if notice_kind == "delay" else "Mededeling",
        "notice_text": texts.get(notice_kind, "Mededeling."),
    }
    defaults.update(fields)
    return _aanhangsel(
        "notice",
        vraagnummer,
        received_on,
        chamber=chamber,
        doc_id=doc_id,
        vergaderjaar=vergaderjaar,
        nr=nr,
        fields=defaults,
    )


def ref(vergaderjaar: str, nr: str) -> AanhangselRef:
    """A "Zie ook Aanhangsel Handelingen, vergaderjaar …, nr. …" reference."""
    return AanhangselRef(vergaderjaar, nr)
