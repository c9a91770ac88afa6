"""ReplayServer: SRU searchRetrieve over a corpus, CQL subset, files, scripted faults."""

from __future__ import annotations

import random
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from lxml import etree

from replay import server as replay_server
from replay.server import Clause, CqlError, ReplayServer, Scripted, parse_cql
from replay.synthetic_records import (
    SYNTHETIC_MARKER,
    make_answer,
    make_question,
)
from tests.harness import wait_until
from tests.replay_fixtures import kv_record, plooi_records

NS = {
    "sru": "http://docs.oasis-open.org/ns/search-ws/sruResponse",
    "diag": "http://docs.oasis-open.org/ns/search-ws/diagnostic",
    "dcterms": "http://purl.org/dc/terms/",
    "gzd": "http://standaarden.overheid.nl/sru",
}
ANSWERS = 'c.product-area=="officielepublicaties" and w.publicatienaam=="Kamervragen (Aanhangsel)"'


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer() as srv:
        yield srv


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as c:
        yield c


def search(
    client: httpx.Client, server: ReplayServer, query: str, start: int = 1, maximum: int = 10
) -> etree._Element:
    params = {
        "operation": "searchRetrieve",
        "version": "2.0",
        "recordSchema": "gzd",
        "startRecord": str(start),
        "maximumRecords": str(maximum),
        "query": query,
    }
    response = client.get(server.sru_url, params=params)
    assert response.status_code == 200
    return etree.fromstring(response.content)


def found_ids(root: etree._Element) -> list[str]:
    return root.xpath("sru:records/sru:record//dcterms:identifier/text()", namespaces=NS)


def diag_message(root: etree._Element) -> str | None:
    return root.findtext("sru:diagnostics/diag:diagnostic/diag:message", namespaces=NS)


# --- CQL subset ------------------------------------------------------------------------------
def test_parse_cql_clauses() -> None:
    assert parse_cql(ANSWERS + ' and dt.modified>="2024-01-01"') == [
        Clause("c.product-area", "==", "officielepublicaties"),
        Clause("w.publicatienaam", "==", "Kamervragen (Aanhangsel)"),
        Clause("dt.modified", ">=", "2024-01-01"),
    ]
    assert parse_cql('( W.Vraagnummer = 2021Z09739 AND (dt.date<"2022-01-01") )') == [
        Clause("w.vraagnummer", "=", "2021Z09739"),
        Clause("dt.date", "<", "2022-01-01"),
    ]
    assert parse_cql(r'dt.identifier=="a\"b" and dt.issued<>"x"') == [
        Clause("dt.identifier", "==", 'a"b'),
        Clause("dt.issued", "<>", "x"),
    ]


@pytest.mark.parametrize(
    ("query", "number"),
    [
        ("w.publicatienaam==Kamervragen (Aanhangsel)", 10),  # unquoted value with spaces
        ('w.publicatienaam=="x" or dt.modified>="2024"', 37),
        ('w.indiener=="x"', 16),
        ('(dt.modified>="2024"', 10),
        ('dt.modified>="2024")', 10),
        ('dt.modified "2024"', 10),
        ('dt.modified>="2024', 10),
        ('"just words"', 10),
        ("", 10),
    ],
)
def test_parse_cql_rejects(query: str, number: int) -> None:
    with pytest.raises(CqlError) as info:
        parse_cql(query)
    assert info.value.number == number


# --- searchRetrieve --------------------------------------------------------------------------
def test_response_shape_and_paging(server: ReplayServer, client: httpx.Client) -> None:
    for n in range(1, 8):
        server.add_record(make_answer(90000 + n, modified=f"2024-01-{n:02d}"))
    root = search(client, server, ANSWERS, start=1, maximum=3)
    assert etree.QName(root).localname == "searchRetrieveResponse"
    assert root.nsmap["sru"] == NS["sru"] and root.nsmap["gzd"] == NS["gzd"]
    assert root.findtext("sru:version", namespaces=NS) == "2.0"
    assert root.findtext("sru:numberOfRecords", namespaces=NS) == "7"
    assert root.findtext("sru:nextRecordPosition", namespaces=NS) == "4"
    assert root.findtext("sru:echoedSearchRetrieveRequest/sru:query", namespaces=NS) == ANSWERS
    positions = root.xpath("sru:records/sru:record/sru:recordPosition/text()", namespaces=NS)
    assert positions == ["1", "2", "3"]

    last = search(client, server, ANSWERS, start=7, maximum=3)
    assert found_ids(last) == ["ah-tk-20232024-90007"]
    assert last.xpath("sru:records/sru:record/sru:recordPosition/text()", namespaces=NS) == ["7"]
    assert last.find("sru:nextRecordPosition", namespaces=NS) is None

    count_only = search(client, server, ANSWERS, maximum=0)
    assert count_only.findtext("sru:numberOfRecords", namespaces=NS) == "7"
    assert found_ids(count_only) == []


def test_stable_order_by_modified_then_identifier(
    server: ReplayServer, client: httpx.Client
) -> None:
    specs = [(n, f"2024-02-{1 + n % 3:02d}") for n in range(1, 13)]
    random.Random(7).shuffle(specs)
    for n, modified in specs:
        server.add_record(make_answer(90000 + n, modified=modified))
    got = found_ids(search(client, server, ANSWERS, maximum=50))
    expected = sorted(
        ((f"2024-02-{1 + n % 3:02d}", f"ah-tk-20232024-{90000 + n}") for n in range(1, 13)),
    )
    assert got == [doc_id for _, doc_id in expected]
    assert found_ids(search(client, server, ANSWERS, maximum=50)) == got


def test_filters_on_every_supported_index(server: ReplayServer, client: httpx.Client) -> None:
    for record in plooi_records().values():
        server.add_record(record)
    server.add_record(kv_record())
    server.add_record(make_question(90042, modified="2024-05-01"))

    def ids(query: str) -> list[str]:
        return found_ids(search(client, server, query, maximum=100))

    assert ids(ANSWERS) == ["ah-tk-20202021-3235"]
    assert ids('w.publicatienaam=="kamervragen (aanhangsel)"') == ["ah-tk-20202021-3235"]
    assert ids('w.publicatienaam=="Kamervragen zonder antwoord"') == [
        "kv-2989900822",
        "kv-tk-2023Z90042",
    ]
    assert ids('w.publicatienaam=="Kamerstuk"') == [
        "kst-32545-143",
        "kst-32545-144",
        "blg-1007826",
        "blg-1025203",
    ]
    assert ids('dt.identifier=="KV-2989900822"') == ["kv-2989900822"]
    assert ids('w.vraagnummer=="2021Z09739"') == ["ah-tk-20202021-3235"]
    assert ids('dt.modified>="2021-07-09" and dt.modified<"2022-04-19"') == [
        "kst-32545-143",
        "kst-32545-144",
        "ah-tk-20202021-3235",
        "blg-1007826",
    ]
    assert ids('dt.date=="1998-09-28"') == ["kv-2989900822"]
    assert ids('dt.issued=="2021-06-21"') == ["ah-tk-20202021-3235"]
    assert ids('c.product-area=="officielepublicaties" and dt.modified>"2024-01-01"') == [
        "kv-tk-2023Z90042"
    ]
    assert ids('c.product-area=="sgd"') == []


def test_date_index_falls_back_to_available(server: ReplayServer, client: httpx.Client) -> None:
    record = make_answer(90001, modified="2024-01-05").replace(
        "<dcterms:date>2024-01-05</dcterms:date>", ""
    )
    record = record.replace("<dcterms:available>2024-01-05", "<dcterms:available>2023-12-30")
    server.add_record(record)
    assert found_ids(search(client, server, 'dt.date=="2023-12-30"')) == ["ah-tk-20232024-90001"]


def test_base_placeholder_and_marker(server: ReplayServer, client: httpx.Client) -> None:
    server.add_record(make_answer(90003))
    root = search(client, server, ANSWERS)
    urls = root.xpath("//gzd:itemUrl/text()", namespaces=NS)
    assert urls and all(u.startswith(server.base_url + "/frbr/officielepublicaties/") for u in urls)
    assert "{BASE}" not in etree.tostring(root, encoding="unicode")
    assert SYNTHETIC_MARKER in etree.tostring(root, encoding="unicode")


def test_add_record_replaces_same_identifier(server: ReplayServer, client: httpx.Client) -> None:
    server.add_record(make_answer(90001, modified="2024-01-01"))
    server.add_record(make_answer(90001, modified="2024-06-01"))
    assert server.record_count == 1
    root = search(client, server, 'dt.modified>="2024-05-01"')
    assert found_ids(root) == ["ah-tk-20232024-90001"]


def test_add_records_from_a_response(server: ReplayServer) -> None:
    data = Path(__file__).parent / "fixtures" / "sru-response.plooi-integrationtest.mocked-urls.xml"
    assert server.add_records(data.read_bytes()) == 5
    with pytest.raises(ValueError):
        server.add_record(data.read_bytes())


def test_max_page_size_caps_silently(client: httpx.Client) -> None:
    with ReplayServer(max_page_size=2) as server:
        for n in range(1, 6):
            server.add_record(make_answer(90000 + n))
        root = search(client, server, ANSWERS, maximum=100)
        assert len(found_ids(root)) == 2
        assert root.findtext("sru:nextRecordPosition", namespaces=NS) == "3"
        assert root.findtext("sru:numberOfRecords", namespaces=NS) == "5"


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        ("operation=searchRetrieve&query=w.onbekend%3D%3D%22x%22", "Unsupported index"),
        ("operation=searchRetrieve&query=w.publicatienaam%3D%3DKamervragen+(x)", "syntax error"),
        ("operation=searchRetrieve", "Mandatory parameter not supplied"),
        ("operation=searchRetrieve&query=dt.date%3D%3D%221%22&startRecord=x", "parameter value"),
        ("operation=explain", "Unsupported operation"),
    ],
)
def test_bad_requests_answer_200_with_diagnostics(
    server: ReplayServer, client: httpx.Client, query_string: str, message: str
) -> None:
    response = client.get(f"{server.sru_url}?{query_string}")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert message.lower() in (diag_message(root) or "").lower()
    assert root.findtext("sru:diagnostics/diag:diagnostic/diag:uri", namespaces=NS).startswith(
        "info:srw/diagnostic/1/"
    )


def test_start_beyond_results_is_a_diagnostic(server: ReplayServer, client: httpx.Client) -> None:
    server.add_record(make_answer(90001))
    root = search(client, server, ANSWERS, start=5)
    assert diag_message(root) == "First record position out of range"


def test_many_records_are_searched_once_then_paged_from_the_cache(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results are indexed and cached, not recomputed per page (counted, not timed)."""
    compared = 0
    equal = replay_server._COMPARE["=="]

    def counting(a: str, b: str) -> bool:
        nonlocal compared
        compared += 1
        return equal(a, b)

    monkeypatch.setitem(replay_server._COMPARE, "==", counting)
    with ReplayServer() as server:
        for n in range(1, 5001):
            server.add_record(make_answer(90000 + n, modified=f"2024-{1 + n % 12:02d}-01"))
        server.add_record(make_question(90001))
        first = search(client, server, ANSWERS, maximum=1000)
        assert first.findtext("sru:numberOfRecords", namespaces=NS) == "5000"
        # the 5,000 answers are the smaller candidate set; each is checked against both clauses once
        assert compared == 5000 * 2
        for start in (1001, 2001, 3001, 4001):
            assert (
                len(found_ids(search(client, server, ANSWERS, start=start, maximum=1000))) == 1000
            )
    assert compared == 5000 * 2  # the later pages compared nothing: served from the cached result


# --- files, error pages, corpus directory ----------------------------------------------------
def test_files_and_error_pages(server: ReplayServer, client: httpx.Client) -> None:
    server.add_file("frbr/x/1/xml/x.xml", b"<x/>", "application/xml")
    response = client.get(f"{server.base_url}/frbr/x/1/xml/x.xml")
    assert (response.status_code, response.content) == (200, b"<x/>")
    assert response.headers["content-type"] == "application/xml"
    for path in ("/fout404", "/Errors/404.htm"):
        page = client.get(server.base_url + path)
        assert page.status_code == 200
        assert "text/html" in page.headers["content-type"]
        assert b"niet gevonden" in page.content
    assert client.get(f"{server.base_url}/frbr/none.xml").status_code == 404


def test_corpus_directory(tmp_path: Path, client: httpx.Client) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "a.xml").write_text(make_answer(90001), "utf-8")
    (tmp_path / "records" / "kv.xml").write_text(kv_record(), "utf-8")
    doc = tmp_path / "files" / "frbr" / "officielepublicaties" / "kv" / "onopgemaakt"
    doc.mkdir(parents=True)
    (doc / "kv-2989900822.html").write_bytes(b"<html>v1</html>")
    (doc / "kv-2989900822.pdf").write_bytes(b"%PDF-1.4")
    with ReplayServer(corpus_dir=tmp_path) as server:
        assert server.record_count == 2
        base = f"{server.base_url}/frbr/officielepublicaties/kv/onopgemaakt"
        html = client.get(f"{base}/kv-2989900822.html")
        assert (html.content, html.headers["content-type"]) == (
            b"<html>v1</html>",
            "text/html; charset=utf-8",
        )
        assert client.get(f"{base}/kv-2989900822.pdf").headers["content-type"] == "application/pdf"
        root = search(client, server, 'w.publicatienaam=="Kamervragen zonder antwoord"')
        assert found_ids(root) == ["kv-2989900822"]


# --- scripted faults, logging ----------------------------------------------------------------
def test_scripts_are_served_in_order_once_for_matching_paths(
    server: ReplayServer, client: httpx.Client
) -> None:
    server.add_file("/a/doc", b"normal", "text/plain")
    server.add_file("/b/doc", b"other", "text/plain")
    server.script("/a", [Scripted(status=503, body=b"one"), Scripted(status=429, body=b"two")])
    assert client.get(f"{server.base_url}/b/doc").content == b"other"  # prefix does not match
    first = client.get(f"{server.base_url}/a/doc")
    second = client.get(f"{server.base_url}/a/doc")
    third = client.get(f"{server.base_url}/a/doc")
    assert [(r.status_code, r.content) for r in (first, second, third)] == [
        (503, b"one"),
        (429, b"two"),
        (200, b"normal"),
    ]


@pytest.mark.slow
def test_scripted_headers_redirect_and_faults(server: ReplayServer) -> None:
    server.script(
        "/f",
        [
            Scripted(status=429, headers={"Retry-After": "3"}),
            Scripted(redirect_to="{BASE}/fout404"),
            Scripted(reset=True),
            Scripted(body=b"abc", truncate=True),
            Scripted(delay=3600, body=b"late"),  # never answers before the server stops
        ],
    )
    with httpx.Client(timeout=httpx.Timeout(30, read=1.0)) as c:
        limited = c.get(f"{server.base_url}/f")
        assert (limited.status_code, limited.headers["retry-after"]) == (429, "3")
        redirect = c.get(f"{server.base_url}/f")
        assert redirect.status_code == 302
        assert redirect.headers["location"] == f"{server.base_url}/fout404"
        with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
            c.get(f"{server.base_url}/f")
        with pytest.raises(httpx.RemoteProtocolError):
            c.get(f"{server.base_url}/f")
        with pytest.raises(httpx.ReadTimeout):
            c.get(f"{server.base_url}/f")


class RecordingEvent(threading.Event):
    """The server's stop event, recording every pause a handler takes on it (`wait(seconds)`)."""

    def __init__(self) -> None:
        super().__init__()
        self.pauses: list[float | None] = []

    def wait(self, timeout: float | None = None) -> bool:
        self.pauses.append(timeout)
        return super().wait(timeout)


def test_latency_and_request_log(client: httpx.Client) -> None:
    server = ReplayServer(latency=0.2)
    server._stopping = pauses = RecordingEvent()  # the latency is a wait on this event: recorded, not timed
    with server:
        client.get(f"{server.base_url}/fout404?x=1")
        assert pauses.pauses == [0.2]  # the response came after the pause (same handler, in order)
        client.get(f"{server.sru_url}?query=a")
        assert pauses.pauses == [0.2, 0.2]
        assert server.request_count == 2
        assert server.request_log == [("/fout404", "x=1"), ("/sru", "query=a")]
        server.clear_log()
        assert server.request_count == 0


def test_no_stderr_noise(capfd: pytest.CaptureFixture[str]) -> None:
    with ReplayServer() as server:
        server.script("/late", [Scripted(delay=0.3, body=b"late")])
        server.script("/reset", [Scripted(reset=True)])
        with socket.create_connection(("127.0.0.1", server.port)) as raw:  # asks, then hangs up at once
            raw.sendall(f"GET /late HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        with httpx.Client(timeout=10) as c, pytest.raises(httpx.HTTPError):
            c.get(f"{server.base_url}/reset")
        httpx.get(f"{server.base_url}/missing", timeout=10)
        # until the delayed handler has written into the closed socket and ended (a condition polled)
        wait_until(lambda: server.request_count == 3 and not server.in_flight, "the three handlers ended")
    captured = capfd.readouterr()
    assert captured.err == ""
    assert captured.out == ""
