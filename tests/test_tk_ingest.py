"""`ingest` with the Tweede Kamer's records: a metadata-only ingest (no text fetched) of SYNTHETIC
question records gets every set's parties and ministries from the SYNTHETIC TK feed, and an
incremental run with nothing new costs the SRU's requests plus one per TK category."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.ingest import IngestOptions, run_ingest
from replay.server import ReplayServer
from replay.synthetic_records import make_question
from replay.tk_feed import SyntheticCase, TkFeedServer
from scrapers.http_client import HttpClient

NUMBERS = range(90001, 90021)  # make_question(n): vraagnummer 2023Z<n>, S 2024-02-01 (SYNTHETIC)


@pytest.mark.slow
def test_metadata_only_ingest_gets_parties_and_ministries_from_tk_without_a_text_fetch(tmp_path: Path) -> None:
    db = tmp_path / "kv.duckdb"
    cases = [SyntheticCase(f"2023Z{n}", date(2024, 2, 1), submitters=(("Synthetisch Lid", "GL-PvdA"),),
                           addressed_to=("minister van Justitie en Veiligheid",)) for n in NUMBERS]
    with ReplayServer() as sru, TkFeedServer([e for c in cases for e in c.entities()]) as tk:
        for n in NUMBERS:
            sru.add_record(make_question(n))
        options = IngestOptions(db=str(db), sru_url=sru.sru_url, since=date(2024, 1, 1), until=date(2024, 12, 31),
                                metadata_only=True, tk_url=tk.base_url)
        with HttpClient(min_interval=0) as http:
            first = run_ingest(options, http=http)
        assert first["outcome"] == "success" and first["tk"]["outcome"] == "success"
        assert first["tk"]["requests"] == 3 == len(tk.requests)  # each category fits one page
        sru_before, tk_before = sru.request_count, len(tk.requests)
        with HttpClient(min_interval=0) as http:
            again = run_ingest(IngestOptions(db=str(db), sru_url=sru.sru_url, metadata_only=True,
                                             tk_url=tk.base_url), http=http)
        assert again["tk"]["requests"] == 3 == len(tk.requests) - tk_before and again["tk"]["kept"] == 0
        # the run's request count is the SRU's plus the TK's
        assert again["requests"] == (sru.request_count - sru_before) + 3
    con = duckdb.connect(str(db), read_only=True)
    try:
        got = con.execute("SELECT vraagnummer, parties, parties_source, ministries, ministries_source "
                          "FROM question_sets ORDER BY vraagnummer").fetchall()
        texts = con.execute("SELECT count(*) FROM document_texts").fetchone()[0]
    finally:
        con.close()
    assert texts == 0
    assert got == [(f"2023Z{n}", ["GL-PvdA"], "tk", ["JenV"], "tk") for n in NUMBERS]


def test_which_tk_feed_an_ingest_syncs(monkeypatch) -> None:
    from pipeline.tk_sync import tk_url_for_ingest

    monkeypatch.delenv("KAMERVRAGEN_TK_URL", raising=False)
    monkeypatch.delenv("KAMERVRAGEN_SRU_URL", raising=False)
    live = "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0"
    assert tk_url_for_ingest(None, None) == live  # live publications, live TK records
    assert tk_url_for_ingest("https://repository.overheid.nl/sru", None) == live
    assert tk_url_for_ingest("http://127.0.0.1:8080/sru", None) is None  # a replay is not paired with the live feed
    assert tk_url_for_ingest("http://127.0.0.1:8080/sru", "http://127.0.0.1:8081/SyncFeed/2.0") == (
        "http://127.0.0.1:8081/SyncFeed/2.0")
    assert tk_url_for_ingest(None, live, no_tk=True) is None
    # the scheduled flow passes no sru_url: an SRU mirror set in the environment is not the live service
    monkeypatch.setenv("KAMERVRAGEN_SRU_URL", "http://127.0.0.1:8080/sru")
    assert tk_url_for_ingest(None, None) is None
