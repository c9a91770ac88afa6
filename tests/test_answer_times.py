"""Answer times counted right: open sets censored, outcomes that add up (issue 23, the warehouse part).

SYNTHETIC sets (made-up numbers 2025Z930xx), all submitted Monday 2025-01-06 except F, counted as of
2025-03-01. Worked out by hand (S = submitted, N = delay notice, A = answer, W = withdrawn):
  A: A 01-16            → 10 days, answered_on_time          (event at 10)
  B: N 01-20, A 02-10   → 35 days, answered_within_extension (N before the due date 01-27; A ≤ 02-17)
  C: A 02-20            → 45 days, answered_late              (no notice; due 01-27)
  D: W 01-26            → withdrawn, censored at 20
  E: open               → open_overdue (due 01-27), censored at 54 (03-01 − 01-06)
  F: S 02-20, open      → open_within_term (due 03-13), censored at 9
Kaplan–Meier, t: at risk, answered → S(t):
  9: 6, 0 → 1;  10: 5, 1 → 4/5;  20: 4, 0 → 4/5;  35: 3, 1 → 8/15;  45: 2, 1 → 4/15;  54: 1, 0 → 4/15
median = 45 (first S ≤ 1/2); 1 − S(21) = 1/5; 1 − S(42) = 7/15;
restricted mean to 90 = 10·1 + 25·4/5 + 10·8/15 + 45·4/15 = 10 + 20 + 16/3 + 12 = 142/3.
Only answered sets, as the old views count, would give a median of 35 days: the censoring matters.
"""

from __future__ import annotations

import json
import statistics
from datetime import date, timedelta

import duckdb
import pytest
from typer.testing import CliRunner

from cli.app import app
from tests.analyst_data import load
from tests.docfactory import answer, notice, question
from tests.harness import invoke

AS_OF = date(2025, 3, 1)
VJ = "2024-2025"
DOCS = [
    question("2025Z93001", "2025-01-06", num_items=1), answer("2025Z93001", "2025-01-16", vergaderjaar=VJ, nr="93001", num_items=1),
    question("2025Z93002", "2025-01-06", num_items=2), notice("2025Z93002", "2025-01-20", vergaderjaar=VJ, nr="93002"),
    answer("2025Z93002", "2025-02-10", vergaderjaar=VJ, nr="93012"),
    question("2025Z93003", "2025-01-06", num_items=3), answer("2025Z93003", "2025-02-20", vergaderjaar=VJ, nr="93003", num_items=3),
    question("2025Z93004", "2025-01-06", num_items=4),
    notice("2025Z93004", "2025-01-26", "withdrawn", vergaderjaar=VJ, nr="93004"),
    question("2025Z93005", "2025-01-06", num_items=5),
    question("2025Z93006", "2025-02-20", num_items=6),
]


@pytest.fixture
def loaded(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    load(con, *DOCS)
    return con


def test_each_set_has_one_outcome_and_its_days(loaded: duckdb.DuckDBPyConnection) -> None:
    rows = loaded.execute("SELECT vraagnummer, outcome, answered, days, num_questions "
                          "FROM answer_times_as_of(DATE '2025-03-01') ORDER BY vraagnummer").fetchall()
    assert rows == [
        ("2025Z93001", "answered_on_time", True, 10, 1),
        ("2025Z93002", "answered_within_extension", True, 35, 2),
        ("2025Z93003", "answered_late", True, 45, 3),
        ("2025Z93004", "withdrawn", False, 20, 4),
        ("2025Z93005", "open_overdue", False, 54, 5),
        ("2025Z93006", "open_within_term", False, 9, 6),
    ]


def test_the_curve_counts_open_sets_as_still_unanswered(loaded: duckdb.DuckDBPyConnection) -> None:
    rows = loaded.execute("SELECT t, at_risk, answered, censored, survival FROM answer_time_curve(DATE '2025-03-01') "
                          "WHERE dimension = 'all' ORDER BY t").fetchall()
    assert [r[:4] for r in rows] == [(9, 6, 0, 1), (10, 5, 1, 0), (20, 4, 0, 1), (35, 3, 1, 0), (45, 2, 1, 0),
                                     (54, 1, 0, 1)]
    assert [r[4] for r in rows] == pytest.approx([1, 4 / 5, 4 / 5, 8 / 15, 4 / 15, 4 / 15])


def test_stats_as_json(loaded: duckdb.DuckDBPyConnection, db) -> None:
    loaded.close()
    result = CliRunner().invoke(app, ["stats", "--db", str(db), "--as-of", "2025-03-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert list(row) == ["group", "sets", "answered", "withdrawn", "open", "median_days", "share_by_21",
                         "share_by_42", "restricted_mean_90", "answered_on_time", "answered_within_extension",
                         "answered_late", "open_within_term", "open_overdue", "within_extension_late_notice",
                         "needing_review"]
    assert row == {"group": "all", "sets": 6, "answered": 3, "withdrawn": 1, "open": 2, "median_days": 45,
                   "share_by_21": 0.2, "share_by_42": round(7 / 15, 4), "restricted_mean_90": round(142 / 3, 2),
                   "answered_on_time": 1, "answered_within_extension": 1, "answered_late": 1,
                   "open_within_term": 1, "open_overdue": 1, "within_extension_late_notice": 0,
                   "needing_review": 0}


def test_as_of_and_window(loaded: duckdb.DuckDBPyConnection) -> None:
    """As of 2025-02-05 (30 days after 01-06): only A answered; B's notice extends it (open_within_term),
    C and E overdue, D withdrawn, F not yet submitted. The window keeps sets by submission date."""
    (row,) = loaded.execute(
        "SELECT sets, answered_on_time, open_within_term, open_overdue, withdrawn, median_days "
        "FROM answer_time_stats(DATE '2025-02-05') WHERE dimension = 'all'").fetchall()
    assert row == (5, 1, 1, 2, 1, None)  # S stays at 3/4 > 1/2: no median yet
    (row,) = loaded.execute(
        "SELECT sets, open_within_term FROM answer_time_stats(DATE '2025-03-01', since := DATE '2025-02-01') "
        "WHERE dimension = 'all'").fetchall()
    assert row == (1, 1)


def test_questions_add_up(loaded: duckdb.DuckDBPyConnection) -> None:
    (row,) = loaded.execute(
        "SELECT questions, questions_answered_on_time, questions_answered_within_extension, questions_answered_late,"
        " questions_withdrawn, questions_open_within_term, questions_open_overdue "
        "FROM answer_time_stats(DATE '2025-03-01') WHERE dimension = 'all'").fetchall()
    assert row == (21, 1, 2, 3, 4, 6, 5)


@pytest.mark.parametrize("args", [["--by", "weekday"], ["--format", "xml"],
                                  ["--since", "2025-03-01", "--until", "2025-01-01"]])
def test_mistakes_get_one_line_and_exit_2(args: list[str], db) -> None:
    result = CliRunner().invoke(app, ["stats", "--db", str(db), *args])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


# SYNTHETIC (2024Z950nn), all submitted Monday 2024-08-05, counted as of 2024-12-01 (118 days later):
# answered after these days (the 30-day one after a delay notice on day 10: within the extension).
ANSWERED_DAYS = (7, 14, 21, 30, 45, 60, 100)
SUBMITTED = date(2024, 8, 5)


def answered_docs(days: tuple[int, ...], first: int = 1) -> list:
    docs = []
    for i, n in enumerate(days, start=first):
        v = f"2024Z950{i:02d}"
        docs += [question(v, SUBMITTED.isoformat()),
                 answer(v, (SUBMITTED + timedelta(days=n)).isoformat(), vergaderjaar="2024-2025")]
        if n == 30:
            docs.append(notice(v, (SUBMITTED + timedelta(days=10)).isoformat(), vergaderjaar="2024-2025"))
    return docs


def stats_all(db) -> dict:
    result = CliRunner().invoke(app, ["stats", "--db", str(db), "--by", "all", "--as-of", "2024-12-01",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    return row


def test_every_set_answered_gives_the_plain_median_and_shares(con: duckdb.DuckDBPyConnection, db) -> None:
    """Nothing censored: the median is the middle one of the seven days, the shares plain fractions,
    restricted_mean_90 the mean of min(days, 90)."""
    load(con, *answered_docs(ANSWERED_DAYS))
    con.close()
    row = stats_all(db)
    assert row["median_days"] == statistics.median(ANSWERED_DAYS) == 30
    assert row["share_by_21"] == round(sum(d <= 21 for d in ANSWERED_DAYS) / 7, 4) == round(3 / 7, 4)
    assert row["share_by_42"] == round(sum(d <= 42 for d in ANSWERED_DAYS) / 7, 4) == round(4 / 7, 4)
    assert row["restricted_mean_90"] == round(statistics.mean(min(d, 90) for d in ANSWERED_DAYS), 2) == 38.14
    assert (row["sets"], row["answered"], row["open"], row["withdrawn"]) == (7, 7, 0, 0)
    assert (row["answered_on_time"], row["answered_within_extension"], row["answered_late"]) == (3, 1, 3)


def test_an_even_count_gives_the_lower_median(con: duckdb.DuckDBPyConnection, db) -> None:
    """Eight answered (one more, on day 50): S(30) = 4/8 = 1/2, so the median is 30, the lower median
    (statistics.median_low), not the midpoint 37.5 (the smallest t with S(t) ≤ 1/2, as lifelines)."""
    days = (*ANSWERED_DAYS, 50)
    load(con, *answered_docs(days))
    con.close()
    row = stats_all(db)
    assert row["median_days"] == statistics.median_low(days) == 30 != statistics.median(days)
    assert row["share_by_42"] == 0.5


def test_open_sets_move_the_figures_as_censoring_says(con: duckdb.DuckDBPyConnection, db) -> None:
    """The seven answered sets and three still open since 2024-08-05 (censored at 118 days): ten at risk,
    S steps down by 1/10 at each answer, 7 → 9/10, …, 45 → 5/10: median 45 (answered only: 30);
    share_by_21 = 3/10 (answered only: 3/7); restricted_mean_90 = (7+14+21+30+45+60+90 + 3·90)/10 = 53.7
    (answered only: 38.14). The open sets are overdue since day 21: open_overdue 3."""
    load(con, *answered_docs(ANSWERED_DAYS), *[question(f"2024Z9509{i}", SUBMITTED.isoformat()) for i in range(3)])
    con.close()
    row = stats_all(db)
    assert (row["median_days"], row["share_by_21"], row["share_by_42"], row["restricted_mean_90"]) == (
        45, 0.3, 0.4, 53.7)
    assert (row["sets"], row["answered"], row["open"], row["open_overdue"], row["open_within_term"]) == (
        10, 7, 3, 3, 0)


def test_needing_review_counts_the_flagged_sets_as_of_the_day(loaded: duckdb.DuckDBPyConnection, db) -> None:
    """An `other` notice on E (2025-02-03) flags its verdict for review (docs/domain.md): counted from
    that day on, not before; `stats` shows it in every format."""
    load(loaded, notice("2025Z93005", "2025-02-03", "other", vergaderjaar=VJ, nr="93005"))
    got = loaded.execute("SELECT (SELECT needing_review FROM answer_time_stats(DATE '2025-03-01') "
                         "        WHERE dimension = 'all'), "
                         "       (SELECT needing_review FROM answer_time_stats(DATE '2025-02-02') "
                         "        WHERE dimension = 'all')").fetchall()
    assert got == [(1, 0)]
    loaded.close()
    result = CliRunner().invoke(app, ["stats", "--db", str(db), "--as-of", "2025-03-01", "--format", "csv"])
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert dict(zip(header.split(","), row.split(","), strict=True))["needing_review"] == "1"


def test_status_names_the_outcome_category_beside_the_status(loaded: duckdb.DuckDBPyConnection, db) -> None:
    """`status` keeps the status model's names and adds `outcome`, the category `stats` counts."""
    loaded.close()
    result = CliRunner().invoke(app, ["status", "--db", str(db), "--as-of", "2025-03-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    got = {r["vraagnummer"]: (r["status"], r["outcome"]) for r in json.loads(result.stdout)}
    assert got == {"2025Z93001": ("answered_on_time", "answered_on_time"),
                   "2025Z93002": ("answered_within_extension", "answered_within_extension"),
                   "2025Z93003": ("answered_late", "answered_late"), "2025Z93004": ("withdrawn", "withdrawn"),
                   "2025Z93005": ("overdue", "open_overdue"), "2025Z93006": ("open", "open_within_term")}


@pytest.mark.parametrize("columns", [200, 80, 60])
def test_stats_table_fits_the_terminal(loaded: duckdb.DuckDBPyConnection, db, columns: int) -> None:
    """One table where every column fits (200), else the answer times and the outcome categories as two
    tables (80: every column kept); at 60 the late-notice count is left out, named on stderr."""
    loaded.close()
    done = invoke("stats", "--db", str(db), "--as-of", "2025-03-01", env={"COLUMNS": str(columns), "LINES": None})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.rstrip("\n").split("\n")
    assert max(len(line) for line in lines) <= columns
    rows = [line.split() for line in lines if line.startswith("all")]
    times = ["all", "6", "3", "2", "45", "20%", "47%", "47.3"]
    outcomes = ["1", "1", "1", "1", "1", "1", "0", "0"]  # on time … open overdue, late notice, check
    if columns == 200:
        assert len(lines) == 3 and rows == [times + outcomes]
    elif columns == 80:
        assert len(lines) == 7 and rows == [times, ["all", *outcomes]]
    else:
        assert rows == [times, ["all", *outcomes[:6], outcomes[7]]]
        assert "left out for a width of 60: late notice" in done.stderr
    assert done.stderr.splitlines()[-2:] == ["1 row", "as of 2025-03-01"]
