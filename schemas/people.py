"""People as one person each: "S.P.R.A. van Weyenberg", "Van Weyenberg" and "Steven van Weyenberg".

The sources write a member's or minister's name in many forms: initials and surname (metadata
`indiener`), "Surname, Initials particles" (Eerste Kamer `indiener`), surname alone with a
capital particle (titles: "de leden Van Weyenberg, Romke de Jong en Kat"), given name and
surname (text headers), "Given Surname (Initials)" (the Tweede Kamer's own records), with a role
in front ("Minister Van Weel"). `parse_name` reads each into a `PersonName`; `resolve_people`
groups the names of one role into persons: the same surname (particles included, accents and
case ignored), no clash of first initials and no clash of parties. A name that fits more than
one person of that surname is left as a person of its own (never guessed). A person id given by
the caller (the Tweede Kamer's records) decides over all of this.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

PARTICLES = frozenset({"van", "de", "der", "den", "het", "ter", "ten", "te", "'t", "in", "op", "vd"})
_ROLE_PREFIX = re.compile(
    r"^(?:(?:de\s+)?minister(?:-president)?|staatssecretaris|het\s+lid|de\s+leden|lid|"
    r"de\s+heer|mevrouw|mevr\.|mw\.|dhr\.|mr\.|dr\.|drs\.|ir\.|ing\.|prof\.)\s+",
    re.I,
)
_INITIALS = re.compile(r"^(?:[^\W\d_]{1,2}\.)+$")
_PARENS = re.compile(r"\(([^)]*)\)")


@dataclass(frozen=True, slots=True)
class PersonName:
    """One written name, read: `surname` with its particles ("van Weyenberg"), `given` (a given
    name when written), `initial` (the first initial, from initials or the given name), `key` (the
    surname folded: lower case, no accents)."""

    written: str
    surname: str
    given: str | None
    initial: str | None
    key: str


def fold(text: str) -> str:
    """Lower case without accents: "Yeşilgöz" → "yesilgoz"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def parse_name(written: str) -> PersonName:
    """Read one written name (see the module docstring for the forms)."""
    text = " ".join(written.split())
    paren_initials = next((m for m in _PARENS.findall(text) if _INITIALS.match(m.strip())), None)
    text = _PARENS.sub(" ", text).strip()
    while (m := _ROLE_PREFIX.match(text)) is not None:
        text = text[m.end():]
    if "," in text:  # "Weyenberg, S.P.R.A. van" / "Dijk, D.J.H. van"
        last, _, rest = text.partition(",")
        tokens = rest.split()
        particles = [t for t in tokens if t.lower() in PARTICLES]
        others = [t for t in tokens if t.lower() not in PARTICLES]
        text = " ".join([*others, *particles, last.strip()])
    tokens = text.split()
    initials = [t for t in tokens if _INITIALS.match(t)]
    rest = [t for t in tokens if not _INITIALS.match(t)]
    given: str | None = None
    start = next((i for i, t in enumerate(rest) if t.lower() in PARTICLES and i < len(rest) - 1), None)
    if start is not None:
        given_tokens, surname_tokens = rest[:start], rest[start:]
    elif initials or len(rest) < 2:
        given_tokens, surname_tokens = [], rest
    else:
        given_tokens, surname_tokens = rest[:1], rest[1:]
    if given_tokens:
        given = " ".join(given_tokens)
    surname = " ".join(t.lower() if t.lower() in PARTICLES else t for t in surname_tokens)
    first = paren_initials or (initials[0] if initials else None) or given
    initial = fold(first)[0].upper() if first and fold(first)[:1].isalpha() else None
    return PersonName(written, surname, given, initial, fold(surname))


@dataclass(frozen=True, slots=True)
class Person:
    """One person: a stable `person_id` (slug of the surname, with the first initial when two
    persons share a surname), the fullest `display_name` seen, and the `party` when known."""

    person_id: str
    display_name: str
    party: str | None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _display(names: list[PersonName]) -> str:
    """Prefer a given name ("Steven van Weyenberg"), then initials, then the surname alone."""
    def score(n: PersonName) -> tuple[int, int, str]:
        has_initials = n.initial is not None and n.given is None
        return (n.given is not None, has_initials, n.written)

    best = max(names, key=score)
    if best.given:
        return f"{best.given} {best.surname}"
    if best.initial and (m := re.search(r"(?:[^\W\d_]{1,2}\.)+", best.written)):
        return f"{m.group(0)} {best.surname}"
    return best.surname[:1].upper() + best.surname[1:]


def resolve_people(
    names: Iterable[tuple[str, str | None]], ids: dict[str, str] | None = None
) -> dict[tuple[str, str | None], Person]:
    """Group (written name, party) pairs into persons; returns each pair's `Person`.

    Per surname key, the most specific names come first (initial and party known, then one,
    then neither); each joins the one person it does not clash with (another initial or
    party), starts a new person when it clashes with all, and stays a person of its own when it
    fits several. `ids` (written name → a person id from the Tweede Kamer's records) decides.
    """
    pairs = sorted(set(names), key=lambda p: (p[0], p[1] or ""))
    parsed = {p: parse_name(p[0]) for p in pairs}
    keys = {n.key for n in parsed.values()}
    for pair, name in parsed.items():  # "Bruins Slot" is a surname when "H.G.J. Bruins Slot" is
        if name.given and (whole := fold(f"{name.given} {name.surname}")) in keys:
            parsed[pair] = PersonName(name.written, f"{name.given} {name.surname}", None, None, whole)
    by_key: dict[str, list[tuple[str, str | None]]] = {}
    for pair in pairs:
        if parsed[pair].key:
            by_key.setdefault(parsed[pair].key, []).append(pair)
    out: dict[tuple[str, str | None], Person] = {}
    for key, members in by_key.items():
        members.sort(key=lambda p: (parsed[p].initial is None) + (p[1] is None))
        clusters: list[_Cluster] = []
        for pair in members:
            initial, party = parsed[pair].initial, pair[1]
            fits = [c for c in clusters if c.open and c.fits(initial, party)]
            if len(fits) == 1:
                fits[0].add(pair, initial, party)
            else:
                clusters.append(_Cluster([pair], initial, party, open=not fits))
        for cluster in clusters:
            people = [parsed[p] for p in cluster.pairs]
            pid = _slug(key)
            if len(clusters) > 1:
                pid = "-".join(x for x in (pid, _slug(cluster.initial or ""),
                                           _slug(cluster.party or "")) if x)
                if sum(c.initial == cluster.initial and c.party == cluster.party
                       for c in clusters) > 1:
                    pid += f"-{clusters.index(cluster) + 1}"
            person = Person(pid, _display(people), cluster.party)
            for pair in cluster.pairs:
                given_id = (ids or {}).get(pair[0])
                out[pair] = Person(given_id, person.display_name, person.party) if given_id else person
    return out


@dataclass(slots=True)
class _Cluster:
    """Names taken for one person so far; `open` is false for a name that fitted several."""

    pairs: list[tuple[str, str | None]]
    initial: str | None
    party: str | None
    open: bool = True

    def fits(self, initial: str | None, party: str | None) -> bool:
        return (initial is None or self.initial is None or initial == self.initial) and (
            party is None or self.party is None or party == self.party
        )

    def add(self, pair: tuple[str, str | None], initial: str | None, party: str | None) -> None:
        self.pairs.append(pair)
        self.initial = self.initial or initial
        self.party = self.party or party
