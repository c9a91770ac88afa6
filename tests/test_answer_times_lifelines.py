"""The SQL Kaplan–Meier estimator (answer_time_curve, answer_time_stats) against an independent one:
lifelines' KaplanMeierFitter and restricted_mean_survival_time (issue 23, "Done when" #1), on the demo
corpus and on a SYNTHETIC corpus with censored, tied and withdrawn sets, equal to 1e-9.

Conventions, the same on both sides: a set censored on day t (withdrawn, or still open on the as-of
day) is still at risk on t; median_days is the smallest t with S(t) ≤ 1/2 (lifelines'
median_survival_time_; no midpoint between steps); share_by_21 = 1 − S(21); restricted_mean_90 is the
area under S from 0 to 90. lifelines sums logarithms, so a curve that reaches exactly 1/2 comes out
1e-16 off; its median is read with the same 1e-12 slack the SQL uses (`_median`).

The synthetic corpus (made-up numbers 2024Z94nnn, ministries BZK/FIN/VWS) is drawn from a seeded
generator; its durations come from the generator, not from the warehouse, so the SQL's reading of
the documents is checked too.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from tests.analyst_data import load
from tests.docfactory import answer, notice, question
from tests.harness import migrated
from tests.site_data import TODAY
from warehouse import connect

lifelines = pytest.importorskip("lifelines")
from lifelines.utils import qth_survival_time, restricted_mean_survival_time  # noqa: E402

AS_OF = date(2024, 12, 1)
VJ = "2024-2025"
MINISTRIES = ("BZK", "FIN", "VWS")
# days to an answer or a withdrawal: multiples of 7 and values that tie the open sets' censoring
# (AS_OF − a Monday ≡ 6 mod 7 days); 21 and 42 sit on the marks
DAYS = (3, 7, 13, 14, 20, 21, 21, 27, 28, 35, 41, 42, 42, 48, 55, 62, 69, 90, 97)
Durations = dict[tuple[str, str | None], list[tuple[int, bool]]]


@dataclass(frozen=True)
class Made:
    """One SYNTHETIC set: its ministry, submission day, fate and days observed."""

    vraagnummer: str
    ministry: str
    submitted: date
    fate: str  # answered, withdrawn or open
    days: int
    notice_day: int | None


def made_sets(n: int = 90, seed: int = 23) -> list[Made]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        submitted = date(2024, 7, 1) + timedelta(days=7 * rng.randrange(22))  # Mondays July–November
        fate = rng.choices(["answered", "withdrawn", "open"], [7, 1, 2])[0]
        limit = (AS_OF - submitted).days
        days = rng.choice(DAYS)
        if fate == "open" or days > limit:
            fate, days = "open", limit
        notice_day = rng.choice([None, None, 10, 19, 25])  # a few timely, a few late delay notices
        if notice_day is not None and notice_day > (days if fate != "open" else limit):
            notice_day = None
        out.append(Made(f"2024Z94{i:03d}", rng.choice(MINISTRIES), submitted, fate, days, notice_day))
    return out


def documents(sets: list[Made]) -> list:
    docs = []
    for m in sets:
        docs.append(question(m.vraagnummer, m.submitted.isoformat(), ministries=[m.ministry]))
        when = (m.submitted + timedelta(days=m.days)).isoformat()
        if m.notice_day is not None:
            docs.append(notice(m.vraagnummer, (m.submitted + timedelta(days=m.notice_day)).isoformat(),
                               vergaderjaar=VJ, ministries=[m.ministry]))
        if m.fate == "answered":
            docs.append(answer(m.vraagnummer, when, vergaderjaar=VJ, ministries=[m.ministry]))
        elif m.fate == "withdrawn":
            docs.append(notice(m.vraagnummer, when, "withdrawn", vergaderjaar=VJ, ministries=[m.ministry]))
    return docs


def made_durations(sets: list[Made]) -> Durations:
    found: Durations = defaultdict(list)
    for m in sets:
        for key in (("all", None), ("ministry", m.ministry)):
            found[key].append((m.days, m.fate == "answered"))
    return found


def _median(kmf) -> float | None:
    t = qth_survival_time(0.5 + 1e-12, kmf.survival_function_)
    return None if math.isinf(t) else float(t)


def lifelines_stats(durations: list[tuple[int, bool]]) -> dict:
    kmf = lifelines.KaplanMeierFitter().fit([d for d, _ in durations], [e for _, e in durations])
    table = kmf.event_table
    steps = table.index[table["removed"] > 0]  # the days a set was answered or left observation
    return {
        "median_days": _median(kmf),
        "share_by_21": 1 - float(kmf.predict(21)),
        "share_by_42": 1 - float(kmf.predict(42)),
        "restricted_mean_90": float(restricted_mean_survival_time(kmf, t=90)),
        "curve": {float(t): float(kmf.survival_function_.loc[t].iloc[0]) for t in steps},
        "at_risk": {float(t): int(table.loc[t, "at_risk"]) for t in steps},
    }


def sql_stats(con: duckdb.DuckDBPyConnection, day: date, dimensions: tuple[str, ...]) -> dict:
    names = ("median_days", "share_by_21", "share_by_42", "restricted_mean_90")
    stats = con.execute(
        f"SELECT dimension, value, {', '.join(names)} FROM answer_time_stats(CAST(? AS DATE)) "
        "WHERE list_contains(?, dimension)", [day, list(dimensions)]).fetchall()
    curve = con.execute(
        "SELECT dimension, value, t, at_risk, survival FROM answer_time_curve(CAST(? AS DATE)) "
        "WHERE list_contains(?, dimension)", [day, list(dimensions)]).fetchall()
    out: dict = {}
    for dim, value, *vals in stats:
        out[(dim, value)] = {**dict(zip(names, vals, strict=True)), "curve": {}, "at_risk": {}}
    for dim, value, t, at_risk, survival in curve:
        out[(dim, value)]["curve"][float(t)] = survival
        out[(dim, value)]["at_risk"][float(t)] = at_risk
    return out


def assert_same(ours: dict, theirs: dict) -> None:
    for key in ("share_by_21", "share_by_42", "restricted_mean_90"):
        assert ours[key] == pytest.approx(theirs[key], abs=1e-9, rel=0), key
    assert ours["median_days"] == theirs["median_days"]
    assert ours["at_risk"] == theirs["at_risk"]
    assert ours["curve"] == pytest.approx(theirs["curve"], abs=1e-9, rel=0)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Made]]:
    sets = made_sets()
    db = migrated(tmp_path_factory.mktemp("km") / "km.duckdb")
    con = connect(db)
    try:
        load(con, *documents(sets))
    finally:
        con.close()
    return db, sets


def test_the_synthetic_corpus_has_what_the_check_needs(synthetic: tuple[Path, list[Made]]) -> None:
    """Censored, tied and withdrawn sets, events on the 21- and 42-day marks, late and timely notices."""
    _, sets = synthetic
    fates = [m.fate for m in sets]
    assert fates.count("withdrawn") >= 5 and fates.count("open") >= 10 and fates.count("answered") >= 30
    answered_days = [m.days for m in sets if m.fate == "answered"]
    assert max(answered_days.count(d) for d in set(answered_days)) >= 5  # ties
    assert {21, 42} <= set(answered_days)
    censored = {m.days for m in sets if m.fate != "answered"}
    assert censored & set(answered_days)  # a set censored on a day another is answered
    assert any(m.notice_day and m.notice_day > 21 for m in sets) and any(m.notice_day == 10 for m in sets)


def test_synthetic_corpus_equals_lifelines(synthetic: tuple[Path, list[Made]]) -> None:
    db, sets = synthetic
    with duckdb.connect(str(db), read_only=True) as con:
        ours = sql_stats(con, AS_OF, ("all", "ministry"))
    expected = made_durations(sets)
    assert set(ours) == set(expected)
    for key, durations in expected.items():
        assert_same(ours[key], lifelines_stats(durations))


def test_demo_corpus_equals_lifelines(demo_db: Path) -> None:
    """Every group of every dimension of the demo (real documents and SYNTHETIC sets), as of its day."""
    db = demo_db
    dimensions = ("all", "year", "ministry", "party", "member", "minister", "topic")
    with duckdb.connect(str(db), read_only=True) as con:
        ours = sql_stats(con, TODAY, dimensions)
        rows = con.execute("SELECT dimension, value, days, answered FROM answer_times_grouped(CAST(? AS DATE)) "
                           "WHERE list_contains(?, dimension)", [TODAY, list(dimensions)]).fetchall()
    durations: Durations = defaultdict(list)
    for dim, value, days, answered in rows:
        durations[(dim, value)].append((days, answered))
    assert len(durations[("all", None)]) >= 30 and len(durations) >= 20
    assert set(ours) == set(durations)
    for key, found in durations.items():
        assert_same(ours[key], lifelines_stats(found))
