"""SYNTHETIC: the Tweede Kamer SyncFeed at its real size, generated lazily (issue 20).

The real feed carries every entity of the Chamber, not only written questions (source.md §6, a full
import's counts of Dec 2022): Zaak 241,668, ZaakActor 692,433, Document 515,920, ≈1.45 million
entities, ≈5,800 pages of 250 from zero. `RealSizeFeed` serves that mix (`Mix.dec_2022(scale)`;
`scale` shrinks every count for tests) without ever holding it:

- the written-question cases (given: `SyntheticCase`s, e.g. a bench corpus's Tweede Kamer sets via
  `bench/tk_corpus.case_of`), each case's zaak, actors and documents at the counter of the case's
  latest change (its last answer or notice, else its submission);
- the rest of each category's count as other-soort entities (Motie, Amendement, Brief regering, …;
  documents Bijlage, Brief regering, Motie, …; actors of those zaken), made-up ids (uuid5), made-up
  numbers outside the real number space (`YYYYZ9nnnnnnn`, `YYYYD9nnnnnnn`: 8 digits where the real
  ones have 5); one in `TOMBSTONE_EVERY` of them a tombstone (`verwijderd="true"`, no fields);
- `Mix.reemitted` (25,806 at full size, portal issue #127) of the oldest other-soort documents
  re-emitted together `reemit_days` before the as-of day: their old counters are left empty, their
  `bijgewerkt` is the re-emission moment.

The skiptoken is ONE counter shared by the three categories, rising with time: `time_of(counter)`
is monotone (about linear from `first_day` to the end of `as_of`; flat over the re-emitted block and
over each case's entities, which all carry the case's day, 01:00 UTC), and every entity's
`bijgewerkt` is the time of its counter. About half of the counter values (40 % at the full mix)
carry none of the three categories (other categories, superseded changes), and each category has
gaps where the others are. (The real counter runs about ten times the entity count: ≈15.1 million in
2022-12; this one runs ≈1.7 times, from 1.) The counter space is cut in blocks of `BLOCK` values:
the written-question layer takes even offsets (two int arrays per category, in date order), the
rest takes odd offsets, a fixed number per block and category (`cum(b) = b·n // blocks`) at
positions drawn by an RNG seeded with the block number. A page is therefore O(page) work at any
skiptoken (a few ms), and memory does not grow with the position. What is held: the cases
themselves and 16 bytes per written-question entity; for the ≈44,000 cases of `bench/tk_serve.py`
the replay process's RSS is ≈73 MB after building (≈24 MB of it the bare interpreter).
"""

from __future__ import annotations

import bisect
import heapq
import random
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice

from replay.tk_feed import Entity, SyntheticCase, made_up_id

CATEGORIES = ("Zaak", "ZaakActor", "Document")
BLOCK = 512
"""Counter values per block; half of them (the odd offsets) may hold an other-soort entity."""
TOMBSTONE_EVERY = 50
"""Other-soort entity `i` (0-based, per category) is a tombstone when `i % 50 == 49` (2 %)."""
SEED = 20_221_231

ZAAK_SOORTEN = (("Motie", 33), ("Brief regering", 18), ("Amendement", 12), ("Wetgeving", 5),
                ("Brief commissie", 8), ("Verzoek", 6), ("Petitie", 4), ("Lijst met feitelijke vragen", 5),
                ("Mondelinge vragen", 4), ("Rondvraagpunt procedurevergadering", 5))
DOCUMENT_SOORTEN = (("Bijlage", 25), ("Brief regering", 20), ("Motie", 13), ("Amendement", 8),
                    ("Verslag", 7), ("Memorie van toelichting", 3), ("Voorstel van wet", 3),
                    ("Nota naar aanleiding van het verslag", 3), ("Brief commissie", 6), ("Verslag van een "
                    "commissiedebat", 6), ("Lijst met feitelijke vragen", 6))
RELATIES = ("Indiener", "Medeindiener", "Voortouwcommissie", "Volgcommissie", "Rapporteur", "Gericht aan")
FRACTIES = ("D66", "CDA", "VVD", "SP", "PVV", "PvdD", "ChristenUnie", "SGP", "GroenLinks-PvdA", "NSC")


def _weighted(table: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    return tuple(name for name, weight in table for _ in range(weight))


_ZAAK_WHEEL = _weighted(ZAAK_SOORTEN)
_DOC_WHEEL = _weighted(DOCUMENT_SOORTEN)


def _mix(i: int, salt: int) -> int:
    """A cheap deterministic hash of an index (for soorts, names, fracties)."""
    x = (i * 0x9E3779B1 + salt * 0x85EBCA6B) & 0xFFFFFFFF
    x ^= x >> 15
    return (x * 0x2C1B3C6D) & 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class Mix:
    """Entities per category (written-question cases included) and the re-emitted documents."""

    zaak: int
    zaak_actor: int
    document: int
    reemitted: int

    @classmethod
    def dec_2022(cls, scale: float = 1.0) -> Mix:
        """The counts of source.md §6 (a full import, Dec 2022), times `scale`."""
        return cls(round(241_668 * scale), round(692_433 * scale), round(515_920 * scale), round(25_806 * scale))

    def total(self, category: str) -> int:
        return {"Zaak": self.zaak, "ZaakActor": self.zaak_actor, "Document": self.document}[category]


def latest_change(case: SyntheticCase) -> date:
    """The day of a case's latest change: its last answer or notice, else its submission."""
    return max([case.submitted, *(d for d, _ in case.answers if d), *(d for d in case.notices if d)])


def case_shape(case: SyntheticCase) -> tuple[int, int, int]:
    """(zaken, actors, documents) of `case.entities()`, in that order there."""
    return 1, len(case.submitters) + len(case.addressed_to), 1 + len(case.answers) + len(case.notices)


class RealSizeFeed:
    """The lazy SYNTHETIC source: `iter_after(category, skiptoken)` yields `(counter, Entity)`."""

    def __init__(self, cases: Sequence[SyntheticCase], as_of: date, mix: Mix | None = None, *,
                 first_day: date = date(1995, 1, 1), reemit_days: int = 45):
        self.mix = mix or Mix.dec_2022()
        self.cases = cases
        self.as_of = as_of
        self.t0 = datetime.combine(first_day, time(), UTC)
        wq = {c: 0 for c in CATEGORIES}
        for case in cases:
            for c, n in zip(CATEGORIES, case_shape(case), strict=True):
                wq[c] += n
        self.wq_counts = wq
        self.other = {c: self.mix.total(c) - wq[c] for c in CATEGORIES}
        if min(self.other.values()) < 0:
            raise ValueError(f"the mix {self.mix} is smaller than the written-question cases {wq}")
        if self.mix.reemitted > self.other["Document"]:
            raise ValueError("more re-emitted documents than other-soort documents")
        others = sum(self.other.values())  # the re-emitted documents' old slots included (left empty)
        self.blocks = max(1, -(-others // (BLOCK // 2 - len(CATEGORIES))))  # ≤ BLOCK/2 a block, rounding
        self.span = self.blocks * BLOCK  # counter values outside the re-emitted block
        end = datetime.combine(as_of + timedelta(days=1), time(), UTC)
        self.dt = (end - self.t0).total_seconds() / self.span  # seconds per counter value
        reemit_at = datetime.combine(as_of - timedelta(days=reemit_days), time(12), UTC)
        self.u_reemit = min(self.span, max(0, self._u_of(reemit_at)))
        self.m = self.mix.reemitted
        self._place_cases()
        self._anchor(reemit_at, (end - self.t0).total_seconds())

    # --- the counter ↔ time arithmetic ---------------------------------------------------------------
    def _u_of(self, moment: datetime) -> int:
        return int((moment - self.t0).total_seconds() / self.dt)

    def counter_of_u(self, u: int) -> int:
        """The counter of layer position `u` (the re-emitted block sits before `u_reemit`'s counter)."""
        return u + 1 if u < self.u_reemit else u + 1 + self.m

    def _u_after(self, token: int) -> int:
        """The first layer position whose counter is > `token`."""
        if token <= self.u_reemit:
            return max(0, token)
        if token <= self.u_reemit + self.m:
            return self.u_reemit
        return token - self.m

    def time_of(self, counter: int) -> datetime:
        """The moment of a counter value (monotone; one moment for the whole re-emitted block)."""
        u = counter - 1
        if u >= self.u_reemit:
            u = self.u_reemit if u < self.u_reemit + self.m else u - self.m
        return self.t0 + timedelta(seconds=round(self._seconds(u)))

    def _anchor(self, reemit_at: datetime, end: float) -> None:
        """The time map: linear between anchors (the feed's start and end, the re-emission moment, and
        each case's first and last position, both at the case's day), made non-decreasing."""
        last = max([*(u for us in self._block(self.blocks - 1).values() for u in us), *self._case_u[-1:], 0])
        points = [(0, 0.0), (self.u_reemit, (reemit_at - self.t0).total_seconds()), (last, end - 3600),
                  (self.span, end), *zip(self._case_u, self._case_t, strict=True)]  # the newest: 23:00 UTC
        points.sort()
        self._us, self._ts = array("q"), array("d")
        latest = 0.0
        for u, t in points:
            latest = max(latest, t)
            self._us.append(u)
            self._ts.append(latest)
        del self._case_u, self._case_t

    def _seconds(self, u: int) -> float:
        """Seconds after `first_day` of layer position `u` (linear between the anchors)."""
        j = bisect.bisect_right(self._us, u) - 1
        if j + 1 >= len(self._us):
            return self._ts[-1]
        u0, u1, t0 = self._us[j], self._us[j + 1], self._ts[j]
        return t0 if u1 == u0 else t0 + (self._ts[j + 1] - t0) * (u - u0) / (u1 - u0)

    @property
    def head(self) -> int:
        """The highest counter value of the feed."""
        return self.span + self.m

    @property
    def reemitted_counters(self) -> range:
        return range(self.u_reemit + 1, self.u_reemit + 1 + self.m)

    def counts(self) -> dict[str, int]:
        """Entities per category, as the feed serves them from zero."""
        return {c: self.mix.total(c) for c in CATEGORIES}

    def tombstones(self) -> dict[str, int]:
        """Tombstones per category (other-soort entities `i % TOMBSTONE_EVERY == TOMBSTONE_EVERY - 1`)."""
        out = {}
        for c in CATEGORIES:
            first = self.m if c == "Document" else 0  # the re-emitted documents are never tombstones
            n = self.other[c]
            out[c] = n // TOMBSTONE_EVERY - first // TOMBSTONE_EVERY
        return out

    # --- the written-question layer (compact: two int arrays per category) ----------------------------
    def _place_cases(self) -> None:
        order = sorted(range(len(self.cases)), key=lambda i: (latest_change(self.cases[i]), i))
        self._wq_counter = {c: array("q") for c in CATEGORIES}
        self._wq_ref = {c: array("q") for c in CATEGORIES}  # case index << 6 | position in entities()
        self._case_u, self._case_t = array("q"), array("d")  # the time map's anchors (see _anchor)
        u = -2
        for i in order:
            case = self.cases[i]
            day = min(max(latest_change(case), self.t0.date()), self.as_of)
            moment = datetime.combine(day, time(1), UTC)
            start = min(self._u_of(moment), self.span - 2 * sum(case_shape(case)))  # (a coarse, tiny mix)
            u = max(start + (start % 2), u + 2)
            seconds = (moment - self.t0).total_seconds()
            self._case_u.extend((u, u + 2 * (sum(case_shape(case)) - 1)))
            self._case_t.extend((seconds, seconds))
            k = 0
            for c, n in zip(CATEGORIES, case_shape(case), strict=True):
                for _ in range(n):
                    self._wq_counter[c].append(self.counter_of_u(u))
                    self._wq_ref[c].append(i << 6 | k)  # k < 64: a case has a few entities
                    k += 1
                    u += 2
            u -= 2
        if u >= self.span:  # (placed in date order with `u` rising: each category's counters rise)
            raise ValueError("the written-question cases do not fit the counter space: raise the mix")

    def _wq_after(self, category: str, token: int) -> Iterator[tuple[int, int, int]]:
        counters = self._wq_counter[category]
        for j in range(bisect.bisect_right(counters, token), len(counters)):
            yield counters[j], 0, j

    # --- the other-soort layer (odd offsets, a fixed count per block and category) --------------------
    def _cum(self, category: str, b: int) -> int:
        return b * self.other[category] // self.blocks

    def _block(self, b: int) -> dict[str, list[int]]:
        """Per category the layer positions `u` of its other-soort entities in block `b`, rising."""
        sizes = [self._cum(c, b + 1) - self._cum(c, b) for c in CATEGORIES]
        picked = random.Random(SEED * 1_000_003 + b).sample(range(BLOCK // 2), sum(sizes))
        out, at = {}, 0
        for c, n in zip(CATEGORIES, sizes, strict=True):
            out[c] = sorted(b * BLOCK + 2 * p + 1 for p in picked[at:at + n])
            at += n
        return out

    def _other_after(self, category: str, token: int) -> Iterator[tuple[int, int, int]]:
        u0 = self._u_after(token)
        b0 = u0 // BLOCK
        if category == "Document" and self.m:  # skip the blocks whose documents were all re-emitted
            b0 = max(b0, self.m * self.blocks // max(1, self.other[category]) - 1)
        for b in range(b0, self.blocks):
            first = self._cum(category, b)
            for j, u in enumerate(self._block(b)[category]):
                i = first + j
                if u < u0 or (category == "Document" and i < self.m):  # re-emitted: its old slot is empty
                    continue
                yield self.counter_of_u(u), 1, i

    def _reemitted_after(self, token: int) -> Iterator[tuple[int, int, int]]:
        start = self.u_reemit + 1
        for k in range(max(0, token + 1 - start), self.m):
            yield start + k, 2, k

    def _render(self, category: str, counter: int, layer: int, n: int) -> Entity:
        if layer == 0:
            ref = self._wq_ref[category][n]
            entity = self.cases[ref >> 6].entities()[ref & 63]
            entity.bijgewerkt = self._stamp(counter)
            return entity
        return self._other(category, n, self._stamp(counter))

    def _stamp(self, counter: int) -> str:
        return self.time_of(counter).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _day_of(self, category: str, i: int) -> date:
        """The made-up date of other-soort entity `i` (near its old counter's time)."""
        share = i / max(1, self.other[category])
        return (self.t0 + timedelta(seconds=self._seconds(int(share * self.span))) - timedelta(days=2)).date()

    def _other(self, category: str, i: int, bijgewerkt: str) -> Entity:
        """Other-soort entity `i` of `category` (SYNTHETIC; made-up id and numbers)."""
        eid = made_up_id("SYNTHETIC realsize", category, str(i))
        if i % TOMBSTONE_EVERY == TOMBSTONE_EVERY - 1 and not (category == "Document" and i < self.m):
            return Entity(category, eid, bijgewerkt, deleted=True)
        h = _mix(i, len(category))
        if category == "Zaak":
            day = self._day_of("Zaak", i)
            return Entity(category, eid, bijgewerkt, [
                ("nummer", f"{day.year}Z9{i:07d}"), ("soort", _ZAAK_WHEEL[h % len(_ZAAK_WHEEL)]),
                ("onderwerp", f"Synthetisch onderwerp {i}"), ("gestartOp", f"{day.isoformat()}T00:00:00+01:00"),
                ("organisatie", "Tweede Kamer"), ("status", "Vrijgegeven"), ("afgedaan", "true"),
            ])
        if category == "ZaakActor":
            zaak = i * max(1, self.other["Zaak"]) // max(1, self.other["ZaakActor"])
            return Entity(category, eid, bijgewerkt, [
                ("zaak", ("ref", made_up_id("SYNTHETIC realsize", "Zaak", str(zaak)))),
                ("actorNaam", f"Synthetisch Lid {h % 150}"), ("actorFractie", FRACTIES[h % len(FRACTIES)]),
                ("functie", "Tweede Kamerlid"), ("relatie", RELATIES[(h >> 8) % len(RELATIES)]),
            ])
        day = self._day_of("Document", i)
        zaak = i * max(1, self.other["Zaak"]) // max(1, self.other["Document"])
        return Entity(category, eid, bijgewerkt, [
            ("zaak", ("ref", made_up_id("SYNTHETIC realsize", "Zaak", str(zaak)))),
            ("soort", _DOC_WHEEL[h % len(_DOC_WHEEL)]), ("documentNummer", f"{day.year}D9{i:07d}"),
            ("onderwerp", f"Synthetisch document {i}"), ("datum", f"{day.isoformat()}T10:00:00+01:00"),
            ("kamer", "2"), ("organisatie", "Tweede Kamer"),
        ])

    # --- the feed -----------------------------------------------------------------------------------
    def _category(self, category: str) -> str | None:
        return next((c for c in CATEGORIES if c.lower() == category.lower()), None)

    def _counters_after(self, category: str, token: int) -> Iterator[tuple[int, int, int]]:
        """(counter, layer, index) of every entity of `category` after `token`, in counter order."""
        streams = [self._wq_after(category, token), self._other_after(category, token)]
        if category == "Document" and self.m:
            streams.append(self._reemitted_after(token))
        return heapq.merge(*streams)

    def iter_after(self, category: str, token: int = 0) -> Iterator[tuple[int, Entity]]:
        """Every entity of `category` with counter > `token`, in counter order (lazily)."""
        name = self._category(category)
        if name is None:
            return
        for counter, layer, n in self._counters_after(name, token):
            yield counter, self._render(name, counter, layer, n)

    def page(self, category: str, token: int, size: int) -> list[tuple[int, Entity]]:
        """The first `size` entities after `token` (and one more when there is one)."""
        return list(islice(self.iter_after(category, token), size + 1))

    def counters(self, category: str, token: int = 0) -> Iterator[int]:
        """The counters of `category` after `token` (no entity rendered)."""
        name = self._category(category)
        return iter(()) if name is None else (c for c, _, _ in self._counters_after(name, token))

    def token_before_last(self, category: str, entities: int) -> int:
        """A skiptoken after which exactly `entities` of `category` remain (for a sync near the head)."""
        total = self.mix.total(category)
        if entities >= total:
            return 0
        return next(islice(self.counters(category), total - entities - 1, None))
