"""The ingest rebuilds the static site after a successful run (KAMERVRAGEN_SITE_DIR / the flow's
`site_dir`), and a site that cannot be written is reported without failing the run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from lxml import html

from pipeline.ingest import IngestOptions, ingest_options, run_ingest, summary_markdown
from replay.demo_corpus import build_demo_corpus
from replay.server import ReplayServer
from tests.harness import migrated

TODAY = date(2026, 11, 24)


@pytest.mark.slow
def test_each_successful_ingest_rebuilds_the_site_and_a_broken_site_dir_does_not_fail_the_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAMERVRAGEN_MIN_INTERVAL", "0")
    db, out = tmp_path / "kv.duckdb", tmp_path / "site"
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with ReplayServer() as server:
        build_demo_corpus(server, today=TODAY)
        first = run_ingest(IngestOptions(db=str(db), sru_url=server.sru_url, since=date(1990, 1, 1), until=TODAY,
                                         site_dir=str(out), texts_per_run=0))
        monkeypatch.setenv("KAMERVRAGEN_SITE_DIR", str(blocked))  # the setting, read when the options are made
        second = run_ingest(ingest_options(db=str(db), sru_url=server.sru_url, since=date(1990, 1, 1),
                                           until=TODAY))
    assert first["outcome"] == "success" and first["site"]["outcome"] == "success"
    assert first["site"]["written"] == first["site"]["files"] == len(
        [p for p in out.rglob("*") if p.is_file() and "pagefind" not in p.parts and p.name != ".site-manifest.json"])
    page = " ".join(html.fromstring((out / "vragen" / "2022Z00634" / "index.html").read_bytes()).text_content().split())
    # submitted 18 January, answered 25 February 2022 after 38 days, as the seed page says
    # (/work/shared/seeds/kamervraag-page.2022Z00634.txt)
    assert "Ingediend18 januari 2022" in page and "Beantwoord25 februari 2022 (na 38 dagen)" in page
    assert "IndienersHilde Palland (CDA), Inge van Dijk (CDA)" in page  # the seed: "Indieners Hilde Palland (CDA), …"
    assert (out / "pagefind").is_dir()
    assert "Site (" in summary_markdown(first)
    assert second["outcome"] == "success"  # the publications' run stands
    assert second["site"]["outcome"] == "failed" and str(blocked) in second["site"]["out"]
    assert second["site"]["message"]


def test_no_site_without_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAMERVRAGEN_SITE_DIR", raising=False)
    assert ingest_options(db=str(tmp_path / "kv.duckdb")).site_dir is None
    assert ingest_options(site_dir="x").site_dir == "x"


def test_any_failure_of_the_build_is_reported_not_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A template error (or Pagefind failing) after the run was recorded must not fail the run."""
    import jinja2

    import pipeline.site
    from warehouse import connect

    def broken(*args, **kwargs):
        raise jinja2.TemplateSyntaxError("unexpected end of template", 3)

    monkeypatch.setattr(pipeline.site, "build_site", broken)
    con = connect(migrated(tmp_path / "kv.duckdb"))
    try:
        got = pipeline.site.rebuild_site(con, str(tmp_path / "site"))
    finally:
        con.close()
    assert got == {"outcome": "failed", "out": str(tmp_path / "site"),
                   "message": "TemplateSyntaxError: unexpected end of template\n  line 3"}
