"""People (schemas/people.py, warehouse/people.py) and the per-person views of migration 010.

Names come from the real samples (quoted per case); the warehouse part uses the SYNTHETIC sets of
tests/people_data.py, whose expected figures are computed by hand in that module's table.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from schemas.people import parse_name, resolve_people
from tests.analyst_data import load, today_amsterdam
from tests.people_data import people_docs

# The ways the real samples write one member, D66's Steven van Weyenberg:
WEYENBERG = [
    ("S.P.R.A. van Weyenberg", None),  # ah-tk-20202021-3235.metadata.xml: OVERHEIDop.indiener
    ("Van Weyenberg", "D66"),  # its title "… van de leden Van Weyenberg, Romke de Jong en Kat (allen D66)"
    ("Steven van Weyenberg (S.P.R.A.)", None),  # tk/zaak-schriftelijke-vragen.sample.tsv, 2021Z16838
    ("Steven van Weyenberg", "D66"),
]


@pytest.mark.parametrize(("written", "surname", "given", "initial"), [
    ("S.P.R.A. van Weyenberg", "van Weyenberg", None, "S"),
    ("Van Weyenberg", "van Weyenberg", None, None),
    ("Steven van Weyenberg (S.P.R.A.)", "van Weyenberg", "Steven", "S"),
    ("Romke de Jong", "de Jong", "Romke", "R"),  # title of ah-tk-20202021-3235
    ("Hanke Bruins Slot", "Bruins Slot", "Hanke", "H"),  # the seed page 2022Z00634
    ("Dilan Yeşilgöz-Zegerius", "Yeşilgöz-Zegerius", "Dilan", "D"),  # the seed page
    ("Paulus Jansen (P.F.C.)", "Jansen", "Paulus", "P"),  # tk sample, 2009Z01319
    ("C.P. Vogelaar", "Vogelaar", None, "C"),  # tk sample, 2007Z05137
    ("Dijk, D.J.H. van", "van Dijk", None, "D"),  # the Eerste Kamer's "Surname, Initials particle"
    ("Minister Van Weel", "van Weel", None, None),
])
def test_parse_name(written: str, surname: str, given: str | None, initial: str | None) -> None:
    name = parse_name(written)
    assert (name.surname, name.given, name.initial) == (surname, given, initial)


def test_the_forms_of_van_weyenberg_are_one_person() -> None:
    people = resolve_people(WEYENBERG)
    assert {p.person_id for p in people.values()} == {"van-weyenberg"}
    assert {p.display_name for p in people.values()} == {"Steven van Weyenberg"}
    assert {p.party for p in people.values()} == {"D66"}


def test_two_members_of_one_surname_stay_two_and_a_bare_surname_is_not_guessed() -> None:
    """Inge van Dijk (CDA, the seed page) and Jasper van Dijk (SP) sat together; "Van Dijk (CDA)"
    is hers, a "Van Dijk" without party fits both and stays apart."""
    people = resolve_people([("Inge van Dijk", "CDA"), ("Jasper van Dijk", "SP"), ("Van Dijk", "CDA"),
                             ("Van Dijk", None)])
    assert people[("Van Dijk", "CDA")] == people[("Inge van Dijk", "CDA")]
    assert people[("Inge van Dijk", "CDA")].person_id == "van-dijk-i-cda"
    assert people[("Jasper van Dijk", "SP")].person_id == "van-dijk-j-sp"
    assert people[("Van Dijk", None)].person_id not in {"van-dijk-i-cda", "van-dijk-j-sp"}


def test_a_person_id_from_the_tweede_kamer_decides() -> None:
    people = resolve_people(WEYENBERG, ids={"Steven van Weyenberg (S.P.R.A.)": "tk-person-1"})
    assert people[("Steven van Weyenberg (S.P.R.A.)", None)].person_id == "tk-person-1"
    assert people[("Van Weyenberg", "D66")].person_id == "van-weyenberg"


def test_a_whole_name_that_is_another_names_surname_is_a_surname() -> None:
    people = resolve_people([("Bruins Slot", None), ("H.G.J. Bruins Slot", None)])
    assert {p.person_id for p in people.values()} == {"bruins-slot"}


@pytest.fixture
def con(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The shared migrated connection (tests/conftest.py), loaded."""
    load(con, *people_docs())
    return con


def days_since(con: duckdb.DuckDBPyConnection, day: str) -> int:
    return (today_amsterdam(con) - date.fromisoformat(day)).days


COLUMNS = ("sets, answered, median_days_taken, still_open, currently_overdue, share_on_time, share_late, "
           "median_days_overdue, p90_days_overdue, share_within_twice_term, share_with_delay_notice, "
           "share_late_delay_notices")


def test_timeliness_by_member(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(f"SELECT member_id, member, party, {COLUMNS} FROM timeliness_by_member").fetchall()
    p4 = days_since(con, "2024-01-29")  # P4: overdue without notice since its due date
    assert rows == [
        ("de-jong", "Romke de Jong", "D66", 1, 0, None, 0, 1, 0.0, 1.0,
         float(days_since(con, "2024-02-19")), float(days_since(con, "2024-02-19")), 0.0, 1.0, 0.0),
        ("van-dijk-i-cda", "Inge van Dijk", "CDA", 2, 1, 63.0, 0, 1, 0.0, 1.0,
         (21 + p4) / 2, pytest.approx(21 + 0.9 * (p4 - 21)), 0.0, 0.5, 1.0),
        ("van-dijk-j-sp", "Jasper van Dijk", "SP", 1, 1, 7.0, 0, 0, 1.0, 0.0, None, None, 1.0, 0.0, None),
        ("van-weyenberg", "Steven van Weyenberg", "D66", 3, 3, 56.0, 0, 0, 1 / 3, 2 / 3,
         28.0, pytest.approx(33.6), 1 / 3, 1 / 3, 1.0),
    ]


def test_timeliness_by_minister(con: duckdb.DuckDBPyConnection) -> None:
    """P6 is counted for Bruins Slot through her delay notice; P4 (no answer, no notice) has no
    known minister."""
    rows = con.execute(f"SELECT minister_id, minister, {COLUMNS} FROM timeliness_by_minister").fetchall()
    p4, p6 = days_since(con, "2024-01-29"), days_since(con, "2024-02-19")
    assert rows == [
        ("bruins-slot", "Hanke Bruins Slot", 3, 2, 35.0, 0, 1, 1 / 3, 2 / 3,
         (21 + p6) / 2, pytest.approx(21 + 0.9 * (p6 - 21)), 1 / 3, 2 / 3, 0.5),
        ("koolmees", "W. Koolmees", 2, 2, 35.0, 0, 0, 0.5, 0.5, 35.0, 35.0, 0.5, 0.0, None),
        (None, None, 1, 0, None, 0, 1, 0.0, 1.0, float(p4), float(p4), 0.0, 0.0, None),
    ]


def test_every_written_name_has_its_person(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("SELECT role, name, party, person_id FROM person_names ORDER BY ALL").fetchall()
    assert rows == [
        ("member", "Inge van Dijk", "CDA", "van-dijk-i-cda"),
        ("member", "Jasper van Dijk", "SP", "van-dijk-j-sp"),
        ("member", "Romke de Jong", "D66", "de-jong"),
        ("member", "S.P.R.A. van Weyenberg", None, "van-weyenberg"),
        ("member", "Steven van Weyenberg", "D66", "van-weyenberg"),
        ("member", "Van Dijk", "CDA", "van-dijk-i-cda"),
        ("member", "Van Weyenberg", "D66", "van-weyenberg"),
        ("minister", "Bruins Slot", None, "bruins-slot"),
        ("minister", "H.G.J. Bruins Slot", None, "bruins-slot"),
        ("minister", "Hanke Bruins Slot", None, "bruins-slot"),
        ("minister", "Koolmees", None, "koolmees"),
        ("minister", "W. Koolmees", None, "koolmees"),
    ]


def test_how_late_on_the_ministry_view(con: duckdb.DuckDBPyConnection) -> None:
    """All six sets are BZK's (2024): late = P2, P3, P4, P6."""
    p4, p6 = days_since(con, "2024-01-29"), days_since(con, "2024-02-19")
    row = con.execute("SELECT median_days_overdue, share_within_twice_term, share_with_delay_notice, "
                      "share_late_delay_notices FROM timeliness_by_ministry WHERE ministry = 'BZK'").fetchone()
    assert row == ((35 + p6) / 2, 2 / 6, 2 / 6, 0.5)
    assert p4 > p6 > 35
