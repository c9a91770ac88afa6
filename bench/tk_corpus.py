"""The SYNTHETIC SyncFeed that matches a bench corpus (issue 14's fair-use scenario).

`bench/generate_corpus.py` writes `sets.jsonl`: what each set was made of. Every Tweede Kamer set
becomes a case with the same vraagnummer and submitted date, its members as submitters (the same
names and parties), addressed to the minister of its ministry, with its answers and delay notices
(the same received dates and aanhangselnummers). Eerste Kamer sets have no Tweede Kamer record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from replay.tk_feed import Entity, SyntheticCase


def corpus_sets(corpus: Path) -> Iterator[dict]:
    """The sets of a generated corpus, as the generator made them."""
    with (corpus / "sets.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def case_of(made: dict) -> SyntheticCase:
    """The SYNTHETIC Tweede Kamer case of one Tweede Kamer set of the corpus."""
    return SyntheticCase(
        made["vraagnummer"], date.fromisoformat(made["submitted"]),
        submitters=tuple((name, party) for name, party in made["members"]),
        addressed_to=(f"minister van {made['ministry']}",),
        answers=tuple((date.fromisoformat(d), nr) for d, nr in made["answers"]),
        notices=tuple(date.fromisoformat(d) for d, _ in made["notices"]),
        afgedaan=bool(made["answers"]),
    )


def corpus_feed(corpus: Path) -> Iterator[Entity]:
    """Every entity of the feed: per Tweede Kamer set its zaak, actors and documents."""
    for made in corpus_sets(corpus):
        if made["chamber"] == "tk":
            yield from case_of(made).entities()


def chamber_counts(corpus: Path) -> dict[str, int]:
    """chamber → number of sets the generator made."""
    counts: dict[str, int] = {}
    for made in corpus_sets(corpus):
        counts[made["chamber"]] = counts.get(made["chamber"], 0) + 1
    return counts


def documents_per_year(corpus: Path) -> dict[int, int]:
    """year → SRU records published that year (every one has a text): from the record files,
    `records/<series>-<year>-<batch>.xml`, each announcing its `numberOfRecords`."""
    import re

    out: dict[int, int] = {}
    pattern = re.compile(rb"<sru:numberOfRecords>(\d+)</sru:numberOfRecords>")
    for path in (corpus / "records").glob("*.xml"):
        year = int(path.stem.split("-")[1])
        with path.open("rb") as fh:
            head = fh.read(4096)
        found = pattern.search(head)
        if found:
            out[year] = out.get(year, 0) + int(found.group(1))
    return dict(sorted(out.items()))


def feed_requests(corpus: Path, page_size: int = 250) -> int:
    """The requests a first sync of the corpus's feed takes: per category its pages of `page_size`
    (a zaak per set; its members and addressee; its question, answers and delay notices)."""
    zaak = actors = documents = 0
    for made in corpus_sets(corpus):
        if made["chamber"] == "tk":
            zaak += 1
            actors += len(made["members"]) + 1
            documents += 1 + len(made["answers"]) + len(made["notices"])
    return sum(-(-n // page_size) for n in (zaak, actors, documents))
