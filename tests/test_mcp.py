"""`kamervragen mcp` (issue 24): the read-only MCP server, through the SDK's own clients.

In-process (`mcp.Client(server)`) against the demo corpus built for TODAY (tests/site_data.py), and
once as the installed command over stdio. Expected values are by hand: 2022Z00634 from the seed page
(`replay/demo_data/kamervraag-page.2022Z00634.txt`: submitted 18 January 2022, delay notice 8 February,
answered 25 February "na 38 dagen", Hilde Palland (CDA) and Inge van Dijk (CDA); the notice number
9001 is the demo's one made-up value, PROVENANCE.md), the due dates by the rule (S + 21 = 2022-02-08,
S + 42 = 2022-03-01); the SYNTHETIC overdue sets from replay/demo_corpus.py (dates relative to TODAY).
"""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import anyio
import duckdb
import pytest
from mcp import Client, StdioServerParameters

from mcpserver.models import (
    DisagreementsResult,
    FoundSet,
    Minister,
    OverdueResult,
    OverdueSet,
    Person,
    QuestionSet,
    SearchResult,
    Source,
    TimelineDocument,
    TimelinessResult,
    TimelinessRow,
)
from mcpserver.server import GLOSSARY_URI, METHOD_URI, build_server
from tests.harness import EXE, invoke, wait_until
from tests.site_data import TODAY
from warehouse.assistant import QueryTooLong, deadline

AS_OF = TODAY.isoformat()
TOOLS = {"search_questions", "question_set", "overdue", "timeliness", "disagreements"}
SEED = "2022Z00634"
ZOEK = "https://zoek.officielebekendmakingen.nl/"


@pytest.fixture(scope="module")
def demo_db(demo_db: Path) -> str:
    """The session's demo warehouse (tests/conftest.py), as the path text the tools take."""
    return str(demo_db)


def session(db: str, steps: Any) -> Any:
    """Run `steps(client)` (a coroutine function) on an in-process client of the server over `db`."""
    async def main() -> Any:
        async with Client(build_server(db)) as client:
            return await steps(client)
    return anyio.run(main)


def call(db: str, tool: str, **arguments: Any) -> Any:
    async def steps(client: Client) -> Any:
        return await client.call_tool(tool, arguments)
    return session(db, steps)


def error_text(result: Any) -> str:
    assert result.is_error, result.structured_content
    return result.content[0].text


def test_the_tools_are_listed_read_only_with_typed_arguments_and_output(demo_db: str) -> None:
    async def steps(client: Client) -> Any:
        return (await client.list_tools()).tools
    tools = {t.name: t for t in session(demo_db, steps)}
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.annotations.read_only_hint is True and tool.annotations.destructive_hint is False
        assert tool.output_schema and "as_of" in tool.output_schema["properties"]
        assert {"last_successful_ingest", "sources"} <= set(tool.output_schema["properties"])
    assert list(tools["search_questions"].input_schema["properties"]) == [
        "text", "since", "until", "status", "ministry", "party", "limit"]
    assert tools["search_questions"].input_schema["required"] == ["text"]
    assert tools["question_set"].input_schema["required"] == ["vraagnummer"]
    limit = tools["overdue"].input_schema["properties"]["limit"]
    assert (limit["maximum"], limit["default"]) == (200, 50)


def test_question_set_2022Z00634(demo_db: str) -> None:
    result = call(demo_db, "question_set", vraagnummer="2022Z 00634")
    assert not result.is_error, result.content
    s = result.structured_content
    assert (s["vraagnummer"], s["status"], s["days_taken"], s["days_overdue"]) == (
        SEED, "answered_within_extension", 38, 0)
    assert s["status_reason"].startswith("answered within the extended term: after 38 days")
    assert (s["submitted_on"], s["due_on"], s["delay_notice_on"], s["extended_due_on"], s["answered_on"]) == (
        "2022-01-18", "2022-02-08", "2022-02-08", "2022-03-01", "2022-02-25")
    assert s["notice_was_late"] is False and s["effective_due_on"] == "2022-03-01"
    assert s["submitters"] == [{"name": "Hilde Palland", "party": "CDA"}, {"name": "Inge van Dijk", "party": "CDA"}]
    assert [(m["name"], m["ministry"]) for m in s["answered_by"]] == [
        ("Hanke Bruins Slot", "BZK"), ("Dilan Yeşilgöz-Zegerius", "JenV")]
    assert [(d["on_date"], d["kind"], d["notice_kind"], d["url"]) for d in s["timeline"]] == [
        ("2022-01-18", "question", None, ZOEK + "kv-tk-2022Z00634.html"),
        ("2022-02-08", "notice", "delay", ZOEK + "ah-tk-20212022-9001.html"),
        ("2022-02-25", "answer", None, ZOEK + "ah-tk-20212022-1881.html"),
    ]
    assert {src["url"] for src in s["sources"]} == {d["url"] for d in s["timeline"]}
    assert s["needs_review"] is False and s["review_open_reasons"] == []
    assert s["last_successful_ingest"] is not None
    text = result.content[0].text
    assert "answered within the extended term" in text and "Hilde Palland (CDA), Inge van Dijk (CDA)" in text
    assert ZOEK + "ah-tk-20212022-1881.html" in text and "last successful ingest" in text
    assert not text.startswith("⚠")


def test_question_set_as_of_a_past_day_counts_only_the_documents_received_by_then(demo_db: str) -> None:
    s = call(demo_db, "question_set", vraagnummer=SEED, as_of="2022-02-20").structured_content
    assert (s["as_of"], s["status"], s["days_open"], s["answered_on"], s["answered_by"]) == (
        "2022-02-20", "open_extended", 33, None, [])  # 18 January + 33 days = 20 February
    assert [d["kind"] for d in s["timeline"]] == ["question", "notice"]
    assert "open, extended: delay notice of 2022-02-08" in s["status_reason"]


def test_a_set_needing_review_says_so_with_its_reasons_first(demo_db: str) -> None:
    """2021Z09739 (the real answer ah-tk-20202021-3235, no question record in the demo): submitted
    2021-06-03 (the answer's text), answered 2021-06-21, 18 days; flagged: no question record."""
    reason = "no question record; submitted date 2021-06-03 from another document"
    result = call(demo_db, "question_set", vraagnummer="2021Z09739")
    s = result.structured_content
    assert (s["needs_review"], s["review_open_reasons"], s["status"], s["days_taken"]) == (
        True, [reason], "answered_on_time", 18)
    keys = list(s)
    assert keys.index("review_open_reasons") < keys.index("vraagnummer") < keys.index("status")
    assert result.content[0].text.splitlines()[0] == f"⚠ check before citing: {reason}"
    found = call(demo_db, "search_questions", text="tozo rentepercentage", until="2021-12-31").structured_content
    assert [(f["vraagnummer"], f["needs_review"], f["review_open_reasons"]) for f in found["sets"]] == [
        ("2021Z09739", True, [reason])]
    assert found["needing_review"] == 1


def test_overdue_equals_status_overdue(demo_db: str) -> None:
    result = call(demo_db, "overdue", as_of=AS_OF)
    got = result.structured_content
    cli = json.loads(invoke("status", "--db", demo_db, "--as-of", AS_OF, "--status", "overdue",
                            "--format", "json").stdout)
    assert [(s["vraagnummer"], s["days_overdue"]) for s in got["sets"]] == [
        (r["vraagnummer"], r["days_overdue"]) for r in cli]
    assert [(s["due_on"], s["extended_due_on"]) for s in got["sets"]] == [
        (r["due_on"], r["extended_due_on"]) for r in cli]
    assert got["total"] == len(cli) and got["as_of"] == AS_OF
    by_number = {s["vraagnummer"]: s for s in got["sets"]}
    # by hand (replay/demo_corpus.py): 90004 submitted TODAY − 50 = 2026-10-05, notice TODAY − 30, so due
    # 2026-10-05 + 42 = 2026-11-16, 8 days before TODAY; 90002 submitted TODAY − 25 = 2026-10-30, due
    # 2026-11-20 without a notice, 4 days; 90010 submitted TODAY − 27 = 2026-10-28, due 2026-11-18, 6 days
    assert (by_number["2026Z90004"]["effective_due_on"], by_number["2026Z90004"]["days_overdue"],
            by_number["2026Z90004"]["overdue_kind"]) == ("2026-11-16", 8, "after_extension")
    assert (by_number["2026Z90002"]["effective_due_on"], by_number["2026Z90002"]["days_overdue"],
            by_number["2026Z90002"]["overdue_kind"]) == ("2026-11-20", 4, "no_notice")
    assert by_number["2026Z90010"]["days_overdue"] == 6
    assert {src["url"] for src in got["sources"]} >= {s["question_url"] for s in got["sets"]}
    assert result.content[0].text.startswith(f"{len(cli)} sets overdue")


def test_overdue_filters_by_ministry_and_party(demo_db: str) -> None:
    fin = call(demo_db, "overdue", as_of=AS_OF, ministry="fin").structured_content
    assert [s["vraagnummer"] for s in fin["sets"]] == ["2026Z90004"]
    cli = json.loads(invoke("status", "--db", demo_db, "--as-of", AS_OF, "--status", "overdue",
                            "--format", "json").stdout)
    for party in ("VVD", "cda"):
        got = call(demo_db, "overdue", as_of=AS_OF, party=party).structured_content
        assert [s["vraagnummer"] for s in got["sets"]] == [
            r["vraagnummer"] for r in cli if party.upper() in [p.upper() for p in r["parties"]]]
    capped = call(demo_db, "overdue", as_of=AS_OF, limit=1).structured_content
    assert (len(capped["sets"]), capped["total"], capped["limit"]) == (1, len(cli), 1)


def test_search_finds_words_in_the_title_and_the_question_texts(demo_db: str) -> None:
    title = call(demo_db, "search_questions", text="GEMEENTERAADSLEDEN verdrievoudiging").structured_content
    assert [s["vraagnummer"] for s in title["sets"]] == [SEED] and title["total"] == 1
    assert title["sets"][0]["status"] == "answered_within_extension"
    # "doxing" is only in question 7 of the seed page, not in the title
    assert [s["vraagnummer"] for s in call(demo_db, "search_questions", text="doxing").structured_content["sets"]] \
        == [SEED]
    assert call(demo_db, "search_questions", text="doxing gemeenteraadsleden", ministry="bzk",
                since="2022-01-18", until="2022-01-18").structured_content["total"] == 1
    assert call(demo_db, "search_questions", text="doxing", party="VVD").structured_content["total"] == 0
    assert call(demo_db, "search_questions", text="doxing", status="overdue").structured_content["total"] == 0
    assert call(demo_db, "search_questions", text="doxing", limit=200).structured_content["limit"] == 200


def test_timeliness_gives_the_rows_of_stats(demo_db: str) -> None:
    for by in ("all", "ministry", "party"):
        got = call(demo_db, "timeliness", by=by, as_of=AS_OF, since="2026-01-01").structured_content
        cli = json.loads(invoke("stats", "--db", demo_db, "--by", by, "--as-of", AS_OF, "--since", "2026-01-01",
                                "--format", "json").stdout)
        assert got["rows"] == cli and got["by"] == by and got["since"] == "2026-01-01"
        assert cli  # the demo has sets of 2026 in every grouping


def test_disagreements_are_listed(demo_db: str) -> None:
    got = call(demo_db, "disagreements").structured_content
    with duckdb.connect(demo_db.replace(".duckdb", ".read.duckdb"), read_only=True) as con:
        count = con.execute("SELECT count(*) FROM source_disagreements WHERE resolved_at IS NULL").fetchone()[0]
    assert got["total"] == count == len(got["disagreements"])


@pytest.mark.parametrize(("tool", "arguments", "named"), [
    ("question_set", {"vraagnummer": "not-a-number"}, "vraagnummer: 'not-a-number' is not a vraagnummer"),
    ("question_set", {"vraagnummer": "2026Z99999"}, "vraagnummer: no question set 2026Z99999"),
    ("overdue", {"ministry": "Financiën"}, "ministry: 'Financiën' is not a ministry abbreviation"),
    ("overdue", {"party": "Piratenpartij"}, "party: 'Piratenpartij' is not a party named on any set"),
    ("search_questions", {"text": "x", "status": "late"}, "status\n  Input should be 'incomplete'"),
    ("search_questions", {"text": "  "}, "text: give at least one word"),
    ("search_questions", {"text": "x", "since": "2024-05-01", "until": "2024-01-01"},
     "since: 2024-05-01 is after until (2024-01-01)"),
    ("timeliness", {"by": "ministry", "since": "2024-05-01", "until": "2024-01-01"}, "since: 2024-05-01 is after"),
    ("timeliness", {"by": "weather"}, "by\n  Input should be 'all'"),
    ("timeliness", {"as_of": "2024-13-01"}, "as_of\n  Input should be a valid date"),
    ("disagreements", {"kind": "other"}, "kind\n  Input should be 'submitted_on_differs'"),
    ("search_questions", {"text": "x", "limit": 201}, "limit\n  Input should be less than or equal to 200"),
    ("overdue", {"limit": 0}, "limit\n  Input should be greater than or equal to 1"),
])
def test_bad_input_is_a_tool_error_naming_the_argument(demo_db: str, tool: str, arguments: dict,
                                                       named: str) -> None:
    text = error_text(call(demo_db, tool, **arguments))
    assert named in text
    assert "Traceback" not in text and "SELECT" not in text


def test_a_missing_warehouse_is_a_tool_error(tmp_path: Path) -> None:
    text = error_text(call(str(tmp_path / "none.duckdb"), "overdue"))
    assert text.startswith("Error executing tool overdue: cannot read the warehouse:") and "Traceback" not in text


def test_a_query_past_its_deadline_is_interrupted() -> None:
    con = duckdb.connect()
    with pytest.raises(QueryTooLong, match=r"longer than 0\.2 seconds"), deadline(con, 0.2):
        con.execute("SELECT sum(hash(i)) FROM range(1000000000000) t(i)").fetchall()  # hours of work
    assert con.execute("SELECT 1").fetchone() == (1,)  # the connection still answers


def test_the_resources_are_the_method_and_the_glossary(demo_db: str) -> None:
    async def steps(client: Client) -> Any:
        listed = {str(r.uri): r.mime_type for r in (await client.list_resources()).resources}
        return listed, [(await client.read_resource(uri)).contents[0].text for uri in (METHOD_URI, GLOSSARY_URI)]
    listed, (method, glossary) = session(demo_db, steps)
    assert listed == {METHOD_URI: "text/markdown", GLOSSARY_URI: "text/csv"}
    assert method.startswith("# How we count") and "2022Z00634" in method and "`days_taken` = **38**" in method
    rows = list(csv.DictReader(io.StringIO(glossary)))
    assert list(rows[0]) == ["name", "label_nl", "meaning_en", "meaning_nl"]
    assert all(r["label_nl"] and r["meaning_en"] and r["meaning_nl"] for r in rows)
    assert len({r["name"] for r in rows}) == len(rows)


def test_the_glossary_covers_every_column_an_analyst_or_assistant_sees(demo_db: str) -> None:
    names = {r["name"] for r in csv.DictReader(io.StringIO(Path("schemas/glossary.csv").read_text("utf-8")))}
    seen: set[str] = set()
    with duckdb.connect(demo_db.replace(".duckdb", ".read.duckdb"), read_only=True) as con:
        for view in ("questions", "overdue_now", "timeliness_by_group", "timeliness_by_ministry",
                     "timeliness_by_party", "timeliness_by_month", "timeliness_by_topic", "timeliness_by_member",
                     "timeliness_by_minister"):
            seen |= {c[0] for c in con.execute(f"DESCRIBE {view}").fetchall()}
    stats = json.loads(invoke("stats", "--db", demo_db, "--as-of", AS_OF, "--format", "json").stdout)
    seen |= set(stats[0])
    for model in (QuestionSet, SearchResult, FoundSet, OverdueResult, OverdueSet, TimelinessResult, TimelinessRow,
                  DisagreementsResult, Source, Person, Minister, TimelineDocument):
        seen |= set(model.model_fields)
    assert seen - names == set()
    assert "review_open_reasons" in names


def test_cli_read_commands_do_not_import_the_sdk(demo_db: str) -> None:
    code = ("import sys; from typer.testing import CliRunner; from cli.app import app; "
            f"r = CliRunner().invoke(app, ['status', '--db', {demo_db!r}, '--format', 'csv']); "
            "assert r.exit_code == 0, r.output; assert 'mcp' not in sys.modules and 'mcpserver.server' not in "
            "sys.modules, 'mcp imported'; assert 'prefect' not in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_mcp_on_a_missing_warehouse_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = invoke("mcp", "--db", str(tmp_path / "none.duckdb"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"the warehouse {tmp_path / 'none.duckdb'} does not exist yet")


@pytest.mark.slow
def test_the_command_serves_stdio(demo_db: str) -> None:
    """`kamervragen mcp --db …` as its own process: initialize, list, one call (the SDK's stdio client)."""
    async def main() -> Any:
        params = StdioServerParameters(command=EXE, args=["mcp", "--db", demo_db])
        async with Client(params) as client:
            names = {t.name for t in (await client.list_tools()).tools}
            return client.server_info, names, await client.call_tool("question_set", {"vraagnummer": SEED})
    info, names, result = anyio.run(main)
    assert info.name == "kamervragen" and names == TOOLS
    assert not result.is_error
    s = result.structured_content
    assert (s["days_taken"], s["status"], s["delay_notice_on"]) == (38, "answered_within_extension", "2022-02-08")
    assert date.fromisoformat(s["as_of"]) >= TODAY


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
def test_the_command_serves_streamable_http_on_loopback(demo_db: str) -> None:
    """`kamervragen mcp --http PORT`: the SDK's HTTP client on 127.0.0.1:PORT/mcp gets the overdue sets."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    server = subprocess.Popen([EXE, "mcp", "--db", demo_db, "--http", str(port)], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: _listening(port) or server.poll() is not None, "the HTTP server")
        assert server.poll() is None, server.stderr.read() if server.stderr else ""

        async def main() -> Any:
            async with Client(f"http://127.0.0.1:{port}/mcp") as client:
                return await client.call_tool("overdue", {"as_of": AS_OF, "ministry": "FIN"})
        result = anyio.run(main)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert [s["vraagnummer"] for s in result.structured_content["sets"]] == ["2026Z90004"]
