"""Property-based tests (hypothesis) for the text parsers that decide dates and parties."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.identifiers import IdentifierError, normalise_vraagnummer
from scrapers import ministries
from scrapers.dutch_dates import MONTHS, DateError, find_marked_date, parse_dutch_date, parse_metadata_date
from scrapers.text_header import parse_submitters

MONTH_NAMES = list(MONTHS)
whitespace = st.sampled_from([" ", "  ", "\n", " \n   ", "\t"])


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), whitespace, whitespace)
def test_dutch_dates_round_trip(day: date, ws1: str, ws2: str) -> None:
    text = f"{day.day}{ws1}{MONTH_NAMES[day.month - 1]}{ws2}{day.year}"
    assert parse_dutch_date(text) == day
    assert find_marked_date(f"(ingezonden {text}).", "ingezonden") == day
    assert find_marked_date(f"(ontvangen (ontvangen {text})", "ontvangen") == day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_month_glued_to_year(day: date) -> None:
    assert parse_dutch_date(f"{day.day} {MONTH_NAMES[day.month - 1]}{day.year}") == day


@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 99))
def test_impossible_days_are_errors_never_guesses(year: int, month: int, day: int) -> None:
    try:
        real = date(year, month, day)
    except ValueError:
        with pytest.raises(DateError):
            parse_dutch_date(f"{day} {MONTH_NAMES[month - 1]} {year}")
        with pytest.raises(DateError):
            parse_metadata_date(f"{year:04d}-{month:02d}-{day:02d}")
    else:
        assert parse_dutch_date(f"{day} {MONTH_NAMES[month - 1]} {year}") == real
        assert parse_metadata_date(f"{year:04d}-{month:02d}-{day:02d}") == real


date_like = st.from_regex(r"\s?\d{1,4}-\d{1,2}-\d{1,4}([T ][0-9:.+Z]{0,9})?\s?", fullmatch=True)


@given(st.one_of(st.text(max_size=40), date_like))
def test_metadata_dates_either_parse_or_raise_date_error(text: str) -> None:
    """None exactly for a blank value; a date only when the text's first three numbers are that date's
    year, month and day (ISO) or day, month and year (old form); anything else a `DateError` naming it."""
    try:
        result = parse_metadata_date(text)
    except DateError as exc:
        assert text.strip() and repr(text.strip()) in str(exc)
        return
    if not text.strip():
        assert result is None
        return
    assert type(result) is date
    numbers = [int(n) for n in re.findall(r"\d+", text)[:3]]
    assert numbers in ([result.year, result.month, result.day], [result.day, result.month, result.year]), text


@given(st.integers(1990, 2040), st.sampled_from("ZD"), st.integers(0, 99999), st.sampled_from(["", " ", "  "]))
def test_vraagnummer_normalised(year: int, letter: str, n: int, gap: str) -> None:
    raw = f"{year}{letter.lower() if n % 2 else letter}{gap}{n:05d}"
    assert normalise_vraagnummer(raw) == f"{year}{letter}{n:05d}"


@given(st.text(max_size=20))
def test_vraagnummer_never_accepts_garbage_silently(text: str) -> None:
    try:
        value = normalise_vraagnummer(text)
    except IdentifierError:
        return
    assert value is None or value.isalnum()


name = st.from_regex(r"[A-Z][a-z]{2,10}( [A-Z][a-z]{2,10})?", fullmatch=True).filter(
    lambda s: " en " not in f" {s.lower()} "
)
party = st.sampled_from(["D66", "CDA", "VVD", "SP", "GroenLinks-PvdA", "PvdD", "50PLUS", "BBB", "NSC", "JA21"])


@given(st.lists(st.tuples(name, party), min_size=1, max_size=6))
def test_parties_per_person(people: list[tuple[str, str]]) -> None:
    parts = [f"{n} ({p})" for n, p in people]
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
    assert [(x.name, x.party) for x in parse_submitters(text)] == people


@given(st.lists(name, min_size=2, max_size=6, unique=True), party, st.sampled_from(["allen", "beiden"]))
def test_parties_for_a_group(names: list[str], p: str, word: str) -> None:
    text = ", ".join(names[:-1]) + " en " + names[-1] + f" ({word} {p})"
    assert [(x.name, x.party) for x in parse_submitters(text)] == [(n, p) for n in names]


@settings(max_examples=60)
@given(st.sampled_from(ministries.all_ministries()), st.sampled_from(["Minister", "Staatssecretaris"]))
def test_every_ministry_name_is_found(m: ministries.Ministry, role: str) -> None:
    expected = m.parent or m.abbreviation
    prep = "voor" if m.kind == "post" else "van"
    assert ministries.find_in_text(f"aan de {role} {prep} {m.name} over iets") == [expected]
    assert ministries.from_name(m.name) == expected
    assert ministries.from_abbreviation(m.abbreviation) == expected
