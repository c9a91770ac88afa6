"""`status`, `show` and `review` fit the terminal: the `kamervragen` command on the demo corpus (in-process;
the installed command where its stdout is a real pipe).

The database is the demo corpus built for TODAY (tests/site_data.py), so every set, title and
status is known; `--format json|csv` must write the bytes pinned in tests/pinned/ (written by the
code before the table was fitted to the terminal).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness import EXE, invoke

PINNED = Path(__file__).parent / "pinned"
AS_OF = "2026-11-24"  # TODAY of tests/site_data.py


def run(*args: str, columns: int | None = None) -> subprocess.CompletedProcess:
    """The command in-process (its output, not a terminal: as a pipe), bytes; COLUMNS set when
    `columns` is given, else unset (LINES always)."""
    done = invoke(*args, env={"COLUMNS": None if columns is None else str(columns), "LINES": None}, text=False)
    assert done.returncode == 0, done.stderr.decode()
    return done


def run_piped(*args: str) -> subprocess.CompletedProcess:
    """The installed command in its own process, its stdout a real pipe, COLUMNS and LINES unset."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    done = subprocess.run([EXE, *args], capture_output=True, env=env)
    assert done.returncode == 0, done.stderr.decode()
    return done


@pytest.fixture(scope="module")
def demo_db(demo_db: Path) -> str:
    """The session's demo warehouse (tests/conftest.py), as the path text `--db` takes."""
    return str(demo_db)


@pytest.mark.parametrize(("pinned", "args"), [
    ("status.json", ["status", "--as-of", AS_OF, "--format", "json"]),
    ("status.csv", ["status", "--as-of", AS_OF, "--format", "csv"]),
    ("status-overdue-bzk.csv", ["status", "--as-of", AS_OF, "--status", "overdue,open_extended",
                                "--ministry", "BZK", "--format", "csv"]),
    ("review.json", ["review", "--format", "json"]),
    ("review.csv", ["review", "--format", "csv"]),
])
@pytest.mark.parametrize("columns", [None, 60, 200])
def test_json_and_csv_are_unchanged(demo_db: str, pinned: str, args: list[str], columns: int | None) -> None:
    done = run(*args, "--db", demo_db, columns=columns)
    assert done.stdout == (PINNED / pinned).read_bytes()


WIDTHS = [60, 80, 120, 200]
# The demo's sets submitted by 2022-02-20 (every SYNTHETIC set but 2022Z00634 is dated relative to
# TODAY, in 2026): the real answer 2021Z09739 (submitted 2021-06-03, answered 2021-06-21, flagged: no
# question record) and the worked example 2022Z00634 (submitted 2022-01-18, delay notice 2022-02-08,
# so on 2022-02-20 within its extended term).
EARLY = ["status", "--as-of", "2022-02-20"]
EARLY_STATUS = {"2021Z09739": "answered_on_time", "2022Z00634": "open_extended"}
TITLE_634 = "Het bericht ‘Verdrievoudiging van bedreigingen en geweld tegen gemeenteraadsleden’"  # the seed page
FLAG_739 = "⚠ no question record; submitted date 2021-06-03 from another document"


def lines_of(done: subprocess.CompletedProcess) -> list[str]:
    return done.stdout.decode().splitlines()


def stderr_lines(done: subprocess.CompletedProcess) -> list[str]:
    return done.stderr.decode().splitlines()


def row_of(lines: list[str], vraagnummer: str) -> str:
    [line] = [line for line in lines if line.startswith(vraagnummer)]
    return line


@pytest.mark.parametrize("columns", WIDTHS)
def test_status_fits_and_keeps_every_status_word_whole(demo_db: str, columns: int) -> None:
    done = run("status", "--as-of", AS_OF, "--db", demo_db, columns=columns)
    lines = lines_of(done)
    assert max(len(line) for line in lines) <= columns
    expected = {r["vraagnummer"]: r["status"] for r in json.loads((PINNED / "status.json").read_bytes())}
    assert len(lines) == 1 + len(expected)  # the header and one line per set: nothing wrapped
    for vraagnummer, status in expected.items():
        assert f"  {status} " in row_of(lines, vraagnummer) + " "
    assert stderr_lines(done)[-1] == f"{len(expected)} rows"
    assert "rows" not in done.stdout.decode()


def test_status_columns_at_60_and_120(demo_db: str) -> None:
    """Widths by hand: vraagnummer 11, dates 10, "days late" 9, statuses 16 ("answered_on_time"),
    "ministries" 10, "parties" 7, two cells between columns; title at least 20, flag at least 6."""
    narrow = run(*EARLY, "--db", demo_db, columns=60)
    # 11+9+16 and three gaps leave 18 for the flag: no room for the title (20)
    assert [line.rstrip() for line in lines_of(narrow)] == [
        "vraagnummer  days late  status            check before citi…",
        "2021Z09739           0  answered_on_time  ⚠ no question rec…",
        "2022Z00634           0  open_extended",
    ]
    assert stderr_lines(narrow) == [
        "left out for a width of 60: submitted, notice, answered, term due, due, ministries, parties, title "
        "(a wider terminal shows them; --format csv or json has every column)",
        "2 rows",
    ]
    # without parties, notice and term due: 11+10+10+10+9+16+10 and eight gaps leave 28: title 20, flag 8.
    # "due" is the due date in force, the one days late count from: 2022Z00634's delay notice of
    # 2022-02-08 extended it from 2022-02-08 to 2022-03-01 (issue 21: it showed 2022-02-08 here)
    wide = run(*EARLY, "--db", demo_db, columns=120)
    assert [line.rstrip() for line in lines_of(wide)] == [
        "vraagnummer  submitted   answered    due         days late  status            ministries  title"
        "                 check b…",
        "2021Z09739   2021-06-03  2021-06-21  2021-06-24          0  answered_on_time  SZW         Antwoord op"
        " vragen …  ⚠ no qu…",
        "2022Z00634   2022-01-18              2022-03-01          0  open_extended     BZK,JenV    Het bericht"
        " ‘Verdri…",
    ]
    assert stderr_lines(wide) == [
        "left out for a width of 120: notice, term due, parties (a wider terminal shows them; --format csv or "
        "json has every column)",
        "2 rows",
    ]


def test_status_title_cut_by_hand_at_200(demo_db: str) -> None:
    """Every column: 11+5*10+9+16+10+7 and eleven gaps leave 75 for the title (82 wide) and the flag
    (69): both 37 wide, so the title is its first 36 characters and "…"."""
    done = run(*EARLY, "--db", demo_db, columns=200)
    lines = lines_of(done)
    assert lines[0].split() == ["vraagnummer", "submitted", "notice", "answered", "term", "due", "due",
                                "days", "late", "status", "ministries", "parties", "title", "check", "before",
                                "citing"]
    row = row_of(lines, "2022Z00634")
    assert row.rstrip().endswith("  " + TITLE_634[:36] + "…")
    assert TITLE_634[:36] == "Het bericht ‘Verdrievoudiging van be"
    assert row_of(lines, "2021Z09739").rstrip().endswith("  " + FLAG_739[:36] + "…")
    assert stderr_lines(done) == ["2 rows"]  # nothing left out


def test_status_keeps_the_due_date_days_late_count_from(demo_db: str) -> None:
    """Issue 21: when one date fits, it is the due date in force. 2026Z90004 (demo corpus, TODAY
    2026-11-24): submitted 2026-10-05, term due 2026-10-26, delay notice 2026-10-25, so due
    2026-11-16, 8 days late on 2026-11-24. At 85: 11 + 10 + 9 + 7 ("overdue") + 10 and seven gaps
    (14) leave 24 + 2: title 20 (its least) and flag 6; "answered" (8) no longer fits."""
    done = run("status", "--as-of", AS_OF, "--status", "overdue", "--ministry", "FIN", "--db", demo_db, columns=85)
    assert [line.rstrip() for line in lines_of(done)] == [
        "vraagnummer  due         days late  status   ministries  title                 check…",
        "2026Z90004   2026-11-16          8  overdue  FIN         Een vraag die ook n…",
    ]
    assert stderr_lines(done) == [
        "left out for a width of 85: submitted, notice, answered, term due, parties (a wider terminal shows them; "
        "--format csv or json has every column)",
        "1 row",
    ]


@pytest.mark.parametrize("columns", WIDTHS)
def test_review_fits_and_wraps_reasons_at_spaces(demo_db: str, columns: int) -> None:
    done = run("review", "--db", demo_db, columns=columns)
    lines = lines_of(done)
    assert max(len(line) for line in lines) <= columns
    assert "answered_on_time" in row_of(lines, "2021Z09739")
    # the unsettled reason is never cut: its words, in order, over the wrapped lines
    words = FLAG_739.removeprefix("⚠ ").split()
    column = lines[0].index("not settled")
    assert " ".join(line[column:].split("  ")[0].strip() for line in lines[1:]).split() == words
    assert stderr_lines(done)[-1] == "1 row"


def test_review_columns_at_60(demo_db: str) -> None:
    done = run("review", "--db", demo_db, columns=60)
    assert [line.rstrip() for line in lines_of(done)] == [
        "vraagnummer  status            review  not settled",
        "2021Z09739   answered_on_time  yes     no question record;",
        "                                       submitted date",
        "                                       2021-06-03 from",
        "                                       another document",
    ]
    assert stderr_lines(done)[0] == ("left out for a width of 60: reasons, settled by, title (a wider terminal "
                                     "shows them; --format csv or json has every column)")


@pytest.mark.parametrize("columns", WIDTHS)
def test_show_fits(demo_db: str, columns: int) -> None:
    lines = lines_of(run("show", "2022Z00634", "--db", demo_db, columns=columns))
    urls = {"https://zoek.officielebekendmakingen.nl/kv-tk-2022Z00634.html",
            "https://zoek.officielebekendmakingen.nl/ah-tk-20212022-1881.html",
            "https://zoek.officielebekendmakingen.nl/ah-tk-20212022-9001.html"}
    # only a URL longer than the terminal is wider than it, alone on its line and whole
    assert {line for line in lines if len(line) > columns} <= urls
    assert all(url in (line.split()[-1] for line in lines) for url in urls)
    assert "status                 answered_within_extension" in lines
    # a document's line: 2 + date 10 + 2 + kind 12 ("notice/delay") + 2 + id 19 ("ah-tk-20212022-9001")
    # + 2 = 49 cells before its title; fewer than 16 left and the title goes on a line of its own
    head = "  2022-01-18  question      kv-tk-2022Z00634     "
    timeline = lines[lines.index("timeline:") + 1:]
    expected = {60: [head.rstrip(), " " * 14 + TITLE_634[:45] + "…"],  # 60 - 14 = 46 cells
                80: [head + TITLE_634[:30] + "…"],  # 80 - 49 = 31 cells
                120: [head + TITLE_634[:70] + "…"],  # 120 - 49 = 71 cells for 82 characters
                200: [head + TITLE_634]}[columns]
    assert timeline[:len(expected)] == expected


def test_piped_without_columns_is_160_wide(demo_db: str) -> None:
    done = run_piped("status", "--as-of", AS_OF, "--db", demo_db)  # a real pipe: not a terminal
    assert max(len(line) for line in lines_of(done)) == 160
    assert stderr_lines(done)[-1] == "52 rows"


def test_fitted_tables_do_not_import_prefect(demo_db: str) -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from cli.app import app; "
        f"r = CliRunner().invoke(app, ['status', '--db', {demo_db!r}], env={{'COLUMNS': '60'}}); "
        "assert r.exit_code == 0, r.output; "
        f"r = CliRunner().invoke(app, ['review', '--db', {demo_db!r}], env={{'COLUMNS': '60'}}); "
        "assert r.exit_code == 0, r.output; "
        f"r = CliRunner().invoke(app, ['show', '2022Z00634', '--db', {demo_db!r}], env={{'COLUMNS': '60'}}); "
        "assert r.exit_code == 0, r.output; assert 'prefect' not in sys.modules, 'prefect imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_brackets_and_line_breaks_in_a_title_are_printed_as_they_are(capsys: pytest.CaptureFixture) -> None:
    """Rich reads "[…]" in a string as markup (a closing tag without an opening one raised): cells are text."""
    from cli.app import status_table_columns
    from cli.render import render_fitted, render_rows

    title = "Vragen over [/b] de :smile: regeling\nvan [x]"
    row = ("2026Z90001", None, None, None, None, None, 0, "open", ["BZK"], ["D66"], title, "")
    render_fitted(status_table_columns(), [row], width=200)
    out, err = capsys.readouterr()
    assert out.splitlines()[1].rstrip().endswith("  Vragen over [/b] de :smile: regeling van [x]")
    assert err == "1 row\n"
    render_rows(["title"], [(title,)])
    assert "Vragen over [/b] de :smile: regeling" in capsys.readouterr().out
