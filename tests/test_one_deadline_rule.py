"""One deadline rule (schemas/views/set_has_term.sql, set_due_on.sql, …; first in migration 008): one definition of has_term and of the
due dates, used by status_as_of, the rebuild and the overrides; one definition of the timeliness
aggregates behind timeliness_by_ministry / _by_party / _by_month.

Nothing changed for the data: the demo corpus gives the content checksum and status list pinned
below (recorded before 008 existed), and the status and timeliness views equal the definitions of
the immutable migration 007, run side by side on the same database (same day, so no wall clock).
Hand-made sets (made-up ids 2024Z901xx) state their due dates independently: S+21, S+42 after a
delay notice, none for the Eerste Kamer or an oral question.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline.ingest import IngestOptions, run_ingest
from replay.demo_corpus import build_demo_corpus
from replay.server import ReplayServer
from schemas.migrations import DDL_DIR, available_migrations
from schemas.repeatable import VIEWS_DIR
from tests.docfactory import answer, notice, question
from tests.harness import migrated
from warehouse import connect, keys_for_documents, rebuild_question_sets, transaction, upsert_documents
from warehouse.checksum import ContentChecksum, content_checksum
from warehouse.db import SQL_DIR, Settings, prepare
from warehouse.overrides import add_override

TODAY = date(2026, 11, 24)
FETCHED = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
REPLAY = "http://replay.invalid"
MIGRATION_007 = DDL_DIR / "007_review.sql"

# Recorded on the demo corpus (today=2026-11-24, 40 extra sets) before migration 008 existed (and
# before 2022Z00634 was rebuilt from the seed page: only its documents/question_sets counts are used),
# with the replay server's random port written as REPLAY in documents.urls / documents.source.
DEMO_CHECKSUM = ContentChecksum(
    documents=107, question_sets=52, question_items=162, checksum="830bbe6981e63790c0d6a90158eff88b")
# The same after migration 010 (topics): see test_demo_content_checksum_is_the_one_recorded_before_008.
# Changed a second time (was bc7773395252b8ae103d1f8081ba862a) when the demo's question record of
# 2022Z00634 gained its two topics (SEED_2022Z00634_TOPICS in replay/demo_corpus.py, from the seed
# page): the hashes of kv-tk-2022Z00634 and of set 2022Z00634 include them; nothing else changed.
# Changed a third time (was question_items=162, checksum 27cd303136c10166f85f39c552be1e2b) when the
# demo's 2022Z00634 was rebuilt from the seed page's facts instead of a SYNTHETIC member, minister and
# three invented questions (replay/demo_data/PROVENANCE.md): its question, answer and notice documents
# and its set hash its real submitters, ministers and texts now; question_items is 162 - 3 + 7 = 166
# (the seed page's "Vraag 1" … "Vraag 7"); documents and sets are the same (one question, one notice,
# one answer, as before), and so are the statuses (DEMO_STATUS_MD5, DEMO_STATUSES). The checksum
# itself can only be recorded, not derived: it was taken from this corpus after checking the counts.
DEMO_CHECKSUM_010 = ContentChecksum(
    documents=107, question_sets=52, question_items=166, checksum="d4420d7b61c1730db0c0372a83497bba")
DEMO_STATUS_MD5 = "3d030bbcb28216606daec834a083181b"
DEMO_STATUSES = {"answered_late": 21, "answered_on_time": 16, "answered_within_extension": 3, "open": 5,
                 "open_extended": 2, "overdue": 4, "withdrawn": 1}
TIMELINESS = ("timeliness_by_ministry", "timeliness_by_party", "timeliness_by_month")
HOW_LATE = ("median_days_overdue", "p90_days_overdue", "share_within_twice_term", "share_late_delay_notices")
_CATEGORIES = ("answered_on_time", "answered_within_extension", "answered_late", "withdrawn", "open_within_term",
               "open_overdue")
OUTCOMES = ("sets_categorised", *_CATEGORIES, *(f"share_{c}" for c in _CATEGORIES), "within_extension_late_notice",
            "questions_categorised", *(f"questions_{c}" for c in _CATEGORIES),
            *(f"share_questions_{c}" for c in _CATEGORIES))  # appended by issue 23


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    try:
        with ReplayServer() as server:
            build_demo_corpus(server, today=TODAY)
            base = server.sru_url.split("/sru")[0]
            result = run_ingest(IngestOptions(db=str(db), sru_url=server.sru_url,
                                              since=date(1990, 1, 1), until=TODAY, texts_per_run=0))
    finally:
        mp.undo()
    assert result["outcome"] == "success" and result["rejected"] == 0
    con = connect(db)
    try:  # the replay server's port is random: make the documents' URLs stable
        con.execute(
            "UPDATE documents SET source = replace(source, $base, $to), "
            "urls = map_from_entries([{'k': e.key, 'v': replace(e.value, $base, $to)} "
            "                          FOR e IN map_entries(urls)])",
            {"base": base, "to": REPLAY})
    finally:
        con.close()
    return db


@pytest.fixture
def demo(demo_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(demo_db)
    yield con
    con.close()


def statement_of_007(kind: str, name: str) -> str:
    """The body of `CREATE OR REPLACE <kind> <name>` in the released (immutable) migration 007."""
    text = MIGRATION_007.read_text(encoding="utf-8")
    match = re.search(rf"^CREATE OR REPLACE {kind} {re.escape(name)}\b(.*?);$", text, re.S | re.M)
    assert match, name
    return match.group(1)


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[tuple[str, str]], list[tuple]]:
    cur = con.execute(sql)
    return [(c[0], str(c[1])) for c in cur.description], cur.fetchall()


# --- the demo corpus: nothing changed -------------------------------------------------------------

def test_demo_content_checksum_is_the_one_recorded_before_008(demo: duckdb.DuckDBPyConnection) -> None:
    """Changed by migration 010 (topics), and only there: every row of documents and question_sets
    has a `topics` column now, and the demo's one real answer (ah-tk-20202021-3235: its SRU record
    and metadata) states two topics, which its content hash now includes; so does the question
    record of 2022Z00634 (the topics of the seed page). Documents without topics keep their hashes;
    the status list below is still the one recorded before 008. Changed since by the demo corpus
    itself: 2022Z00634 rebuilt from the seed page (its real people and texts, 7 items instead of 3)."""
    assert content_checksum(demo, TODAY) == DEMO_CHECKSUM_010
    assert (DEMO_CHECKSUM_010.documents, DEMO_CHECKSUM_010.question_sets) == (
        DEMO_CHECKSUM.documents, DEMO_CHECKSUM.question_sets)
    assert DEMO_CHECKSUM_010.question_items == DEMO_CHECKSUM.question_items - 3 + 7
    assert sorted(demo.execute("SELECT doc_id, topics FROM documents WHERE len(topics) > 0").fetchall()) == [
        ("ah-tk-20202021-3235", [{"area": "Economie", "subject": "Ondernemen"},
                                 {"area": "Sociale zekerheid", "subject": "Organisatie en beleid"}]),
        ("kv-tk-2022Z00634", [{"area": "Bestuur", "subject": "Gemeenten"},
                              {"area": "Openbare orde en veiligheid", "subject": "Organisatie en beleid"}])]


def test_demo_status_list_is_the_one_recorded_before_008(demo: duckdb.DuckDBPyConnection) -> None:
    md5 = demo.execute(
        "SELECT md5(string_agg(CAST(s AS VARCHAR), '|' ORDER BY CAST(s AS VARCHAR))) "
        "FROM (SELECT * FROM status_as_of(DATE '2026-11-24') ORDER BY ALL) s").fetchone()
    assert md5 == (DEMO_STATUS_MD5,)
    counts = dict(demo.execute(
        "SELECT status, count(*) FROM status_as_of(DATE '2026-11-24') GROUP BY status").fetchall())
    assert counts == DEMO_STATUSES


@pytest.mark.parametrize("as_of", ["2022-02-08", "2022-03-01", "2024-06-30", "2026-11-03", "2026-11-24"])
def test_status_as_of_equals_the_007_definition(demo: duckdb.DuckDBPyConnection, as_of: str) -> None:
    demo.execute(f"CREATE OR REPLACE TEMP MACRO status_as_of_007(d) AS TABLE "
                 f"{statement_of_007('MACRO', 'status_as_of(d) AS TABLE')}")
    new = rows(demo, f"SELECT * FROM status_as_of(DATE '{as_of}') ORDER BY ALL")
    old = rows(demo, f"SELECT * FROM status_as_of_007(DATE '{as_of}') ORDER BY ALL")
    assert new == old and len(new[1]) > 0


@pytest.mark.parametrize("view", TIMELINESS)
def test_timeliness_views_equal_the_007_definitions(demo: duckdb.DuckDBPyConnection, view: str) -> None:
    demo.execute(f"CREATE OR REPLACE TEMP VIEW {view}_007 {statement_of_007('VIEW', view)}")
    new = rows(demo, f"SELECT * EXCLUDE ({', '.join(HOW_LATE + OUTCOMES)}) FROM {view}")
    old = rows(demo, f"SELECT * FROM {view}_007")
    assert new == old and len(new[1]) > 0
    # 010 appended the "how late" columns, issue 23 the outcome categories, nothing else
    names = [c[0] for c in demo.execute(f"SELECT * FROM {view} LIMIT 0").description]
    assert names == [c for c, _ in old[0]] + list(HOW_LATE) + list(OUTCOMES)


# --- hand-made sets: the due dates stated independently ----------------------------------------

S = "2024-03-04"  # a Monday; S+21 = 2024-03-25, S+42 = 2024-04-15
TERM_ONLY = "2024Z90101"  # TK, written, no notice
NOTICED = "2024Z90102"  # TK, written, delay notice 2024-03-20, answered 2024-04-10
EK = "2024Z90103"  # Eerste Kamer (made-up number): no term
ORAL = "2024Z90104"  # TK, oral: no term
TURNED_ORAL = "2024Z90105"  # TK, written in the sources, an override says oral
NOTICE_BY_OVERRIDE = "2024Z90106"  # TK, written, an override adds the delay notice date
HAND_MADE = [
    question(TERM_ONLY, S),
    question(NOTICED, S),
    notice(NOTICED, "2024-03-20", vergaderjaar="2023-2024"),
    answer(NOTICED, "2024-04-10", vergaderjaar="2023-2024"),
    question(EK, S, chamber="ek"),
    question(ORAL, S, question_type="oral", title="Mondelinge vragen over iets"),
    question(TURNED_ORAL, S),
    question(NOTICE_BY_OVERRIDE, S),
]
DUE = {  # (has_term, due_on, extended_due_on, effective_due_on), by hand
    TERM_ONLY: (True, date(2024, 3, 25), None, date(2024, 3, 25)),
    NOTICED: (True, date(2024, 3, 25), date(2024, 4, 15), date(2024, 4, 15)),
    EK: (False, None, None, None),
    ORAL: (False, None, None, None),
    TURNED_ORAL: (False, None, None, None),
    NOTICE_BY_OVERRIDE: (True, date(2024, 3, 25), date(2024, 4, 15), date(2024, 4, 15)),
}
DUE_SQL = "SELECT vraagnummer, has_term, due_on, extended_due_on, effective_due_on FROM {} ORDER BY vraagnummer"


@pytest.fixture
def hand_made(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(migrated(tmp_path / "w.duckdb"))
    with transaction(con):
        counts = upsert_documents(con, HAND_MADE, FETCHED)
        rebuild_question_sets(con, keys_for_documents(con, counts.changed_ids))
    add_override(con, TURNED_ORAL, "question_type", "oral", reason="was asked orally", author="t")
    add_override(con, NOTICE_BY_OVERRIDE, "delay_notice_on", "2024-03-22", reason="notice missing", author="t")
    yield con
    con.close()


def due_dates(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, tuple]:
    return {v: tuple(rest) for v, *rest in con.execute(DUE_SQL.format(source)).fetchall()}


def test_hand_made_sets_get_the_due_dates_stated_by_hand(hand_made: duckdb.DuckDBPyConnection) -> None:
    assert due_dates(hand_made, "question_sets") == DUE
    as_of = "(SELECT qs.vraagnummer, qs.has_term, s.* EXCLUDE (vraagnummer) " \
            "FROM question_sets qs JOIN status_as_of(DATE '2024-06-30') s USING (chamber, vraagnummer))"
    assert due_dates(hand_made, as_of) == DUE
    # before the notice came, status_as_of knows no extension
    early = "(SELECT qs.vraagnummer, qs.has_term, s.* EXCLUDE (vraagnummer) " \
            "FROM question_sets qs JOIN status_as_of(DATE '2024-03-19') s USING (chamber, vraagnummer))"
    assert due_dates(hand_made, early)[NOTICED] == (True, date(2024, 3, 25), None, date(2024, 3, 25))


def test_the_terms_stay_settings(hand_made: duckdb.DuckDBPyConnection) -> None:
    assert prepare(hand_made, Settings(term_days=10, extension_days=5))  # S+10 = 03-14, S+15 = 03-19
    dues = due_dates(hand_made, "question_sets")
    assert dues[TERM_ONLY] == (True, date(2024, 3, 14), None, date(2024, 3, 14))
    assert dues[NOTICED] == (True, date(2024, 3, 14), date(2024, 3, 19), date(2024, 3, 19))
    assert dues[NOTICE_BY_OVERRIDE] == (True, date(2024, 3, 14), date(2024, 3, 19), date(2024, 3, 19))
    assert dues[EK] == dues[ORAL] == dues[TURNED_ORAL] == (False, None, None, None)


def test_the_macros_state_the_rule(hand_made: duckdb.DuckDBPyConnection) -> None:
    one = hand_made.execute(
        "SELECT set_has_term('tk', 'written'), set_has_term('tk', 'oral'), set_has_term('ek', 'written'), "
        "       set_due_on(DATE '2024-03-04', true), set_due_on(DATE '2024-03-04', false), "
        "       set_extended_due_on(DATE '2024-03-04', true, DATE '2024-03-20'), "
        "       set_extended_due_on(DATE '2024-03-04', true, NULL), "
        "       set_effective_due_on(DATE '2024-03-04', true, DATE '2024-03-20'), "
        "       set_effective_due_on(DATE '2024-03-04', true, NULL), "
        "       set_effective_due_on(DATE '2024-03-04', false, DATE '2024-03-20')").fetchone()
    assert one == (True, False, False, date(2024, 3, 25), None, date(2024, 4, 15), None,
                   date(2024, 4, 15), date(2024, 3, 25), None)


# --- one definition: nobody else writes the rule ------------------------------------------------

RULE_ARITHMETIC = re.compile(r"[+-]\s*(term_days|extension_days)\s*\(\s*\)|"
                             r"(term_days|extension_days)\s*\(\s*\)\s*[+-]", re.I)
RULE_MENTION = re.compile(r"\b(term_days|extension_days)\s*\(", re.I)
HAS_TERM_SPELLED = re.compile(r"chamber\s*=\s*'tk'|\bNOT\s+is_oral\b|question_type\s*=\s*'written'", re.I)
SHOWS_THE_SETTINGS = {"report_summary.sql", "site_terms.sql"}  # state the terms (report, site); no arithmetic


RULE_FILES = {"set_has_term.sql", "set_due_on.sql", "set_extended_due_on.sql", "set_effective_due_on.sql",
              "term_days.sql", "extension_days.sql"}  # schemas/views/: the rule itself and its two settings


def rule_free_files() -> list[Path]:
    """warehouse/sql, every migration after 008 and every other view or macro: none may define a due date
    or has_term."""
    later = [m.path for m in available_migrations() if m.version > 8]
    views = [p for p in sorted(VIEWS_DIR.glob("*.sql")) if p.name not in RULE_FILES]
    return sorted(SQL_DIR.glob("*.sql")) + later + views


def code_lines(path: Path) -> list[str]:
    """The file's lines without their `--` comments."""
    return [line.split("--", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]


def test_no_sql_file_or_later_migration_writes_the_rule_again() -> None:
    offenders = []
    for path in rule_free_files():
        text = "\n".join(code_lines(path))
        if RULE_ARITHMETIC.search(text) or HAS_TERM_SPELLED.search(text):
            offenders.append(path.name)
        elif RULE_MENTION.search(text) and path.name not in SHOWS_THE_SETTINGS:
            offenders.append(path.name)  # e.g. `term_days() AS term` then `submitted_on + term`
    assert offenders == []
    # the guard reads every SQL file of the tree (walked here, not globbed) but the migrations 001-008,
    # which state the rule once, and the migration runner's bookkeeping statements
    root = SQL_DIR.parents[1]
    walked = set()
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("__pycache__", "node_modules")]
        walked |= {Path(folder, f).relative_to(root) for f in files if f.endswith(".sql")}
    exempt = {Path("schemas/schema_migrations.sql")} | {
        Path("schemas/ddl", f) for f in os.listdir(root / "schemas/ddl") if f[:3].isdigit() and int(f[:3]) <= 8}
    assert len(exempt) == 9
    exempt |= {Path("schemas/views", name) for name in RULE_FILES}  # the rule itself, once
    assert sorted(p.relative_to(root) for p in rule_free_files()) == sorted(walked - exempt)


def test_the_grep_catches_the_old_spellings() -> None:
    for old in ["submitted_on + term_days()", "term_days() + s", "s + term_days() + extension_days()",
                "chamber = 'tk' AND NOT is_oral", "chamber = 'tk' AND question_type = 'written'"]:
        assert RULE_ARITHMETIC.search(old) or HAS_TERM_SPELLED.search(old), old
    assert not RULE_ARITHMETIC.search("set_due_on(submitted_on, has_term)")
    in_rule = [line for name in sorted(RULE_FILES) for line in code_lines(VIEWS_DIR / name)
               if RULE_ARITHMETIC.search(line)]
    assert in_rule == ["CASE WHEN has_term THEN submitted_on + term_days() END",
                      "THEN submitted_on + term_days() + extension_days() END"]  # in the macros only
