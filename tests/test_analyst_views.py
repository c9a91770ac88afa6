"""The analyst views (schemas/views/: overdue_now, set_outcomes, timeliness_by_*, delay_notices) on a real DuckDB file with known outcomes.

The data (tests/analyst_data.py) has one set of every kind; expected numbers are worked out by
hand from its table, not from the SQL.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.analyst_data import OPEN_SET, REASON, analyst_docs, load, make_db, today_amsterdam
from tests.docfactory import answer, notice, question
from tests.harness import dicts, migrated
from warehouse import connect
from warehouse.snapshot import publish_snapshot

VIEWS = ("overdue_now", "set_outcomes", "timeliness_by_ministry", "timeliness_by_party",
         "timeliness_by_month", "delay_notices", "overrides_applied")


@pytest.fixture
def con(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The shared migrated connection (tests/conftest.py), loaded."""
    load(con, *analyst_docs(today_amsterdam(con)))
    return con


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> dict[str, Any]:
    found = dicts(con, sql, params)
    assert len(found) == 1, found
    return found[0]


def test_views_exist_and_answer_on_an_empty_database(tmp_path: Path) -> None:
    empty = connect(migrated(tmp_path / "empty.duckdb"))
    try:
        for view in VIEWS:
            assert empty.execute(f"SELECT count(*) FROM {view}").fetchall() == [(0,)], view
    finally:
        empty.close()


def test_overdue_now_lists_only_overdue_sets(con: duckdb.DuckDBPyConnection) -> None:
    today = today_amsterdam(con)
    found = dicts(con, "SELECT * FROM overdue_now")
    assert [r["vraagnummer"] for r in found] == ["2022Z90004"]
    r = found[0]
    assert r["overdue_kind"] == "after_extension"  # its (late) delay notice still extended the term
    assert r["delay_notice_on"] == date(2022, 3, 25)
    assert r["effective_due_on"] == date(2022, 4, 12)  # S + 42
    assert r["days_overdue"] == (today - date(2022, 4, 12)).days
    assert r["submitted_by"] == ["Lid 0 (PVV)"]
    assert r["question_url"] == "https://zoek.officielebekendmakingen.nl/kv-tk-2022Z90004.html"
    assert r["delay_notice_url"] == "https://zoek.officielebekendmakingen.nl/ah-tk-20212022-95004.html"
    # the same sets as the status model says, on today's date
    assert [(x["vraagnummer"],) for x in found] == con.execute(
        "SELECT vraagnummer FROM status_as_of(CAST(timezone('Europe/Amsterdam', now()) AS DATE)) "
        "WHERE status = 'overdue'").fetchall()


def test_overdue_without_notice_is_marked_so(con: duckdb.DuckDBPyConnection) -> None:
    load(con, question("2022Z90009", "2022-06-01", ministries=["OCW"]))
    r = one(con, "SELECT * FROM overdue_now WHERE vraagnummer = '2022Z90009'")
    assert r["overdue_kind"] == "no_notice" and r["effective_due_on"] == date(2022, 6, 22)
    first = con.execute("SELECT vraagnummer FROM overdue_now LIMIT 1").fetchall()
    assert first == [("2022Z90004",)]  # the longest overdue first


def test_set_outcomes_flags_partition_the_decided_sets(con: duckdb.DuckDBPyConnection) -> None:
    found = {r["vraagnummer"]: r for r in dicts(con, "SELECT * FROM set_outcomes")}
    assert {k for k, r in found.items() if r["decided"]} == {
        "2022Z90001", "2022Z90002", "2022Z90003", "2022Z90004", "2023Z90001"}
    assert not found["221229001"]["decided"]  # Eerste Kamer: no term
    assert not found["2022Z90005"]["decided"]  # withdrawn
    assert not found[OPEN_SET]["decided"] and found[OPEN_SET]["still_open"]
    assert found["2022Z90004"]["late"] and found["2022Z90004"]["overdue"]
    assert found["2022Z90004"]["notice_was_late"]
    for r in found.values():
        if r["decided"]:
            assert int(r["on_time"]) + int(r["within_extension"]) + int(r["late"]) == 1, r


def test_timeliness_by_ministry(con: duckdb.DuckDBPyConnection) -> None:
    bzk = one(con, "SELECT * FROM timeliness_by_ministry WHERE ministry = 'BZK' AND year = 2022")
    # 2022Z90001, 2022Z90002 (also FIN), 2022Z90005 (withdrawn), 221229001 (EK)
    assert (bzk["sets"], bzk["sets_with_term"], bzk["decided"], bzk["answered"]) == (4, 3, 2, 3)
    assert bzk["median_days_taken"] == 36  # of 17, 36, 42 (EK days count)
    assert bzk["p90_days_taken"] == pytest.approx(40.8)  # 36 + 0.8 × (42 − 36)
    assert (bzk["share_on_time"], bzk["share_within_extension"], bzk["share_late"]) == (0.5, 0.5, 0.0)
    assert bzk["share_with_delay_notice"] == 0.5
    assert (bzk["currently_overdue"], bzk["still_open"], bzk["late_delay_notices"]) == (0, 0, 0)

    fin = one(con, "SELECT * FROM timeliness_by_ministry WHERE ministry = 'FIN' AND year = 2022")
    assert (fin["sets"], fin["decided"]) == (2, 2)  # 2022Z90002 counts for BZK and FIN
    assert fin["median_days_taken"] == 47.5
    assert (fin["share_on_time"], fin["share_within_extension"], fin["share_late"]) == (0.0, 0.5, 0.5)

    vws = one(con, "SELECT * FROM timeliness_by_ministry WHERE ministry = 'VWS' AND year = 2022")
    assert (vws["decided"], vws["answered"], vws["median_days_taken"]) == (1, 0, None)
    assert (vws["share_late"], vws["currently_overdue"], vws["late_delay_notices"]) == (1.0, 1, 1)
    assert vws["share_with_delay_notice"] == 1.0

    fin23 = one(con, "SELECT * FROM timeliness_by_ministry WHERE ministry = 'FIN' AND year = 2023")
    assert (fin23["share_on_time"], fin23["median_days_taken"], fin23["p90_days_taken"]) == (1.0, 9, 9)

    open_year = (today_amsterdam(con) - timedelta(days=3)).year
    current = one(con, "SELECT * FROM timeliness_by_ministry WHERE ministry = 'BZK' AND year = ?", [open_year])
    assert (current["still_open"], current["decided"], current["share_late"]) == (1, 0, None)


def test_timeliness_by_party(con: duckdb.DuckDBPyConnection) -> None:
    got = {(r["party"], r["year"]): r for r in dicts(con, "SELECT * FROM timeliness_by_party")}
    cda = got[("CDA", 2022)]  # 2022Z90001 on time, 2022Z90003 late, 2022Z90005 withdrawn
    assert (cda["sets"], cda["decided"], cda["share_on_time"], cda["share_late"]) == (3, 2, 0.5, 0.5)
    d66 = got[("D66", 2022)]  # 2022Z90002 within extension, 2022Z90003 late (counts for CDA too)
    assert (d66["share_within_extension"], d66["share_late"]) == (0.5, 0.5)
    assert got[("PVV", 2022)]["currently_overdue"] == 1
    nobody = got[(None, 2022)]  # the Eerste Kamer set: no party known
    assert (nobody["sets"], nobody["sets_with_term"], nobody["decided"], nobody["answered"]) == (1, 0, 0, 1)
    assert nobody["share_late"] is None


def test_timeliness_by_month_counts_each_set_once(con: duckdb.DuckDBPyConnection) -> None:
    got = {r["month"]: r for r in dicts(con, "SELECT * FROM timeliness_by_month")}
    jan = got[date(2022, 1, 1)]  # 2022Z90001 (17 d, on time), 2022Z90002 (36 d, extension)
    assert (jan["sets"], jan["decided"], jan["median_days_taken"]) == (2, 2, 26.5)
    assert (jan["share_on_time"], jan["share_within_extension"]) == (0.5, 0.5)
    feb = got[date(2022, 2, 1)]  # 2022Z90003 (late) and the EK set (no term)
    assert (feb["sets"], feb["sets_with_term"], feb["decided"], feb["share_late"]) == (2, 1, 1, 1.0)
    total = con.execute("SELECT sum(sets), sum(decided) FROM timeliness_by_month").fetchall()
    assert total == [(8, 5)]  # every set once (the by-ministry/party views count some twice)


def test_delay_notices_with_reasons_and_lateness(con: duckdb.DuckDBPyConnection) -> None:
    got = {r["doc_id"]: r for r in dicts(con, "SELECT * FROM delay_notices")}
    assert set(got) == {"ah-tk-20212022-95001", "ah-tk-20212022-95002", "ah-tk-20212022-95004"}
    first = got["ah-tk-20212022-95001"]
    assert (first["vraagnummer"], first["notice_on"], first["due_on"]) == (
        "2022Z90002", date(2022, 1, 25), date(2022, 1, 31))
    assert first["was_late"] is False and first["is_first"] is True
    assert first["reason"] == "De interdepartementale afstemming vergt meer tijd."
    assert first["days_after_submission"] == 15
    second = got["ah-tk-20212022-95002"]
    assert second["is_first"] is False and second["was_late"] is True
    assert second["reason"] is None  # it only says the term cannot be met
    late = got["ah-tk-20212022-95004"]
    assert late["was_late"] is True and late["status"] == "overdue"
    assert late["reason"] == REASON
    assert "omdat" in late["notice_text"]  # the full text stays, so the choice can be checked


def test_delay_notices_exclude_other_notice_kinds(con: duckdb.DuckDBPyConnection) -> None:
    load(con, question("2022Z90010", "2022-05-02"),
         notice("2022Z90010", "2022-05-10", "answered_elsewhere"),
         notice("2022Z90010", "2022-05-11", "other"))
    assert con.execute("SELECT count(*) FROM delay_notices WHERE vraagnummer = '2022Z90010'").fetchall() == [(0,)]


def test_views_follow_term_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Terms are settings, not literals: with a 14-day term both BZK sets of 2022 are late.

    2022Z90001 took 17 days; 2022Z90002 (notice after day 14) was answered on day 36 > 14 + 21.
    """
    monkeypatch.setenv("KAMERVRAGEN_TERM_DAYS", "14")
    c = connect(migrated(tmp_path / "short.duckdb"))
    try:
        load(c, *analyst_docs(today_amsterdam(c)), answer("2022Z90004", "2022-04-20", ministries=["VWS"]))
        bzk = one(c, "SELECT * FROM timeliness_by_ministry WHERE ministry = 'BZK' AND year = 2022")
        assert (bzk["share_on_time"], bzk["share_late"], bzk["late_delay_notices"]) == (0.0, 1.0, 1)
        assert c.execute("SELECT count(*) FROM overdue_now").fetchall() == [(0,)]
    finally:
        c.close()


ROOT = Path(__file__).resolve().parents[1]


def documented_queries() -> list[tuple[str, str]]:
    """(file, query) for every ```sql block of README.md and docs/*.md."""
    found = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        found += [(name, block.strip()) for block in re.findall(r"```sql\n(.*?)```", text, flags=re.S)]
    return found


def test_documented_queries_run_on_the_snapshot(tmp_path: Path) -> None:
    """Every example in the docs runs as written, in Python duckdb 2.x and in the DuckDB CLI 1.5."""
    queries = documented_queries()
    # every block the files open is found (counted without the regex; the docs change, so no literal)
    files = [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
    opened = sum(path.read_text(encoding="utf-8").count("```sql\n") for path in files)
    assert len(queries) == opened > 0
    db = make_db(tmp_path / "kv.duckdb")
    snap = publish_snapshot(db)
    with duckdb.connect(str(snap), read_only=True) as c:
        for _, query in queries:
            c.execute(query).fetchall()  # raises on any error, naming the query
    cli = Path(sys.executable).with_name("duckdb")
    script = "\n".join(q if q.rstrip().endswith(";") else q + ";" for _, q in queries)
    done = subprocess.run([str(cli), "-readonly", "-bail", str(snap)], input=script, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and not done.stderr, done.stderr


CATEGORIES = ("answered_on_time", "answered_within_extension", "answered_late", "withdrawn", "open_within_term",
              "open_overdue")


def test_timeliness_outcome_categories_add_up(con: duckdb.DuckDBPyConnection) -> None:
    """The six categories per set and per question (two questions a set), from the table in
    tests/analyst_data.py: the Eerste Kamer set has no term, so it is in none of them."""
    bzk = one(con, "SELECT * FROM timeliness_by_ministry WHERE ministry = 'BZK' AND year = 2022")
    # 2022Z90001 on time, 2022Z90002 within the extension, 2022Z90005 withdrawn; 221229001 (EK) in none
    assert bzk["sets"] == 4 and bzk["sets_categorised"] == 3
    assert [bzk[c] for c in CATEGORIES] == [1, 1, 0, 1, 0, 0]
    assert [bzk[f"share_{c}"] for c in CATEGORIES] == pytest.approx([1 / 3, 1 / 3, 0, 1 / 3, 0, 0], abs=1e-12)
    assert bzk["questions_categorised"] == 6
    assert [bzk[f"questions_{c}"] for c in CATEGORIES] == [2, 2, 0, 2, 0, 0]
    assert [bzk[f"share_questions_{c}"] for c in CATEGORIES] == pytest.approx([1 / 3, 1 / 3, 0, 1 / 3, 0, 0],
                                                                              abs=1e-12)
    assert bzk["within_extension_late_notice"] == 0  # 2022Z90002's first notice came on day 15

    vws = one(con, "SELECT * FROM timeliness_by_ministry WHERE ministry = 'VWS' AND year = 2022")
    assert [vws[c] for c in CATEGORIES] == [0, 0, 0, 0, 0, 1]  # 2022Z90004: overdue after its (late) extension
    assert vws["share_open_overdue"] == 1.0

    cda = dict(one(con, "SELECT * FROM timeliness_by_party WHERE party = 'CDA' AND year = 2022"))
    assert [cda[c] for c in CATEGORIES] == [1, 0, 1, 1, 0, 0]  # 90001, 90003, 90005
    nobody = one(con, "SELECT * FROM timeliness_by_party WHERE party IS NULL AND year = 2022")
    assert nobody["sets_categorised"] == 0 and nobody["share_answered_on_time"] is None  # EK only: no share

    open_year = (today_amsterdam(con) - timedelta(days=3)).year
    current = one(con, "SELECT * FROM timeliness_by_ministry WHERE ministry = 'BZK' AND year = ?", [open_year])
    assert current["open_within_term"] == 1 and current["share_open_within_term"] == 1.0


def test_every_set_with_a_term_is_in_one_category(con: duckdb.DuckDBPyConnection) -> None:
    """By month each set counts once: the seven sets with a term, 14 questions, and the shares of every
    row add up to 1."""
    got = dicts(con, "SELECT * FROM timeliness_by_month")
    assert sum(r["sets_categorised"] for r in got) == 7
    assert [sum(r[c] for r in got) for c in CATEGORIES] == [2, 1, 1, 1, 1, 1]
    assert sum(r["questions_categorised"] for r in got) == 14
    for r in got:
        assert sum(r[c] for c in CATEGORIES) == r["sets_categorised"]
        if r["sets_categorised"]:
            assert sum(r[f"share_{c}"] for c in CATEGORIES) == pytest.approx(1, abs=1e-12)
            assert sum(r[f"share_questions_{c}"] for c in CATEGORIES) == pytest.approx(1, abs=1e-12)
    outcomes = dict(con.execute("SELECT vraagnummer, outcome FROM set_outcomes").fetchall())
    assert outcomes == {"2022Z90001": "answered_on_time", "2022Z90002": "answered_within_extension",
                        "2022Z90003": "answered_late", "2022Z90004": "open_overdue", "2022Z90005": "withdrawn",
                        "221229001": None, OPEN_SET: "open_within_term", "2023Z90001": "answered_on_time"}


def test_answered_within_an_extension_a_late_notice_gave(con: duckdb.DuckDBPyConnection) -> None:
    """docs/domain.md: a delay notice after the due date still extends the term. SYNTHETIC 2022Z90011:
    S 2022-06-01 (due 06-22), notice 06-24 (late), answer 07-05 (day 34 ≤ 42): within the extension,
    counted in within_extension_late_notice; 2022Z90012 (notice 06-10, answer 07-06) is not."""
    load(con, question("2022Z90011", "2022-06-01", ministries=["OCW"]),
         notice("2022Z90011", "2022-06-24", ministries=["OCW"]), answer("2022Z90011", "2022-07-05"),
         question("2022Z90012", "2022-06-01", ministries=["OCW"]),
         notice("2022Z90012", "2022-06-10", ministries=["OCW"]), answer("2022Z90012", "2022-07-06"))
    ocw = one(con, "SELECT * FROM timeliness_by_ministry WHERE ministry = 'OCW' AND year = 2022")
    assert (ocw["answered_within_extension"], ocw["within_extension_late_notice"]) == (2, 1)
    assert ocw["late_delay_notices"] == 1
    (row,) = con.execute("SELECT answered_within_extension, within_extension_late_notice "
                         "FROM answer_time_stats(DATE '2022-12-31') WHERE dimension = 'ministry' AND value = 'OCW'"
                         ).fetchall()
    assert row == (2, 1)
