"""`doctor` TK rows (scrapers/doctor/tk.py) on the SyncFeed replay: OK when the entities carry the
fields the cross-check reads, FAIL when one is gone or the feed does not answer."""

from __future__ import annotations

from datetime import date

from replay.tk_feed import Entity, SyntheticCase, TkFeedServer
from scrapers.doctor.tk import check_tk
from scrapers.http_client import HttpClient


def verdicts(url: str) -> list[tuple[str, str]]:
    with HttpClient(min_interval=0, backoff_base=0, max_attempts=1) as http:
        return [(c.name, c.verdict) for c in check_tk(http, url)]


def test_tk_rows_ok_on_the_replay_and_one_request_per_category() -> None:
    with TkFeedServer(SyntheticCase("2025Z90001", date(2025, 10, 1), answers=((date(2025, 10, 20), None),)).entities(),
                      ) as server:
        assert verdicts(server.base_url) == [("tk Zaak", "OK"), ("tk ZaakActor", "OK"), ("tk Document", "OK")]
        assert len(server.requests) == 3


def test_a_missing_field_fails_and_an_unreachable_feed_fails() -> None:
    zaak = SyntheticCase("2025Z90001", date(2025, 10, 1)).entities()[0]
    renamed = Entity("Zaak", zaak.id, zaak.bijgewerkt,
                     [("startDatum", v) if n == "gestartOp" else (n, v) for n, v in zaak.fields])
    with TkFeedServer([renamed]) as server, HttpClient(min_interval=0, max_attempts=1) as http:
        rows = check_tk(http, server.base_url)
    assert [(c.name, c.verdict) for c in rows] == [("tk Zaak", "FAIL"), ("tk ZaakActor", "DIFFERS"),
                                                  ("tk Document", "DIFFERS")]
    assert rows[0].details["missing"] == ["gestartOp"]
    assert verdicts("http://127.0.0.1:9/SyncFeed/2.0")[0] == ("tk Zaak", "FAIL")
