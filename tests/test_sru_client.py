"""SruClient against the real ReplayServer: queries, paging, diagnostics, real sample records."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from datetime import date, datetime
from urllib.parse import parse_qs

import pytest
from lxml import etree

from replay.server import ReplayServer, Scripted
from replay.synthetic_records import make_answer, make_question
from scrapers.http_client import FetchError, HttpClient
from scrapers.settings import ClientSettings
from scrapers.sru_client import SruClient, SruDiagnosticError, parse_response
from tests.replay_fixtures import FIXTURES, diagnostics_body, kv_record, plooi_records, sru_body

DC = "{http://purl.org/dc/terms/}"
GZD = "{http://standaarden.overheid.nl/sru}"
ANSWERS = 'c.product-area=="officielepublicaties" and w.publicatienaam=="Kamervragen (Aanhangsel)"'


def ids(records: list[etree._Element]) -> list[str]:
    return [r.findtext(f".//{DC}identifier") for r in records]


@pytest.fixture
def http() -> Iterator[HttpClient]:
    client = HttpClient(ClientSettings(), min_interval=0.0, backoff_base=0.01, max_attempts=3)
    with client:
        yield client


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer() as srv:
        yield srv


def sru_for(server: ReplayServer, http: HttpClient, page_size: int = 10) -> SruClient:
    return SruClient(http, server.sru_url, page_size=page_size, settings=ClientSettings())


# --- queries ---------------------------------------------------------------------------------
def test_build_query_matches_the_documented_form(http: HttpClient) -> None:
    sru = SruClient(http, settings=ClientSettings())
    assert sru.build_query("answers", date(2024, 1, 1), date(2024, 1, 31)) == (
        'c.product-area=="officielepublicaties" and w.publicatienaam=="Kamervragen (Aanhangsel)"'
        ' and dt.modified>="2024-01-01" and dt.modified<="2024-01-31"'
    )
    assert sru.build_query("questions", None, None) == (
        'c.product-area=="officielepublicaties" and w.publicatienaam=="Kamervragen zonder antwoord"'
    )
    assert sru.build_query("questions", datetime(2020, 5, 6, 7, 8), None, index="dt.date").endswith(
        ' and dt.date>="2020-05-06"'
    )
    assert sru.build_query("answers", None, date(2021, 1, 1)).endswith('dt.modified<="2021-01-01"')
    with pytest.raises(ValueError, match="unknown series"):
        sru.build_query("kamerstukken", None, None)
    with pytest.raises(ValueError):
        sru.build_query("answers", None, None, index='dt.date" or x')


def test_query_for_id(http: HttpClient) -> None:
    sru = SruClient(http, settings=ClientSettings())
    assert sru.query_for_id("kv-tk-2020Z13248") == (
        'c.product-area=="officielepublicaties" and dt.identifier=="kv-tk-2020Z13248"'
    )
    with pytest.raises(ValueError):
        sru.query_for_id(" ")


def test_defaults_come_from_settings(http: HttpClient) -> None:
    sru = SruClient(http)
    assert sru.base_url == ClientSettings.from_env().sru_url
    env = {"KAMERVRAGEN_SRU_URL": "http://127.0.0.1:9/sru", "KAMERVRAGEN_PAGE_SIZE": "25"}
    sru = SruClient(http, settings=ClientSettings.from_env(env))
    assert (sru.base_url, sru.page_size) == ("http://127.0.0.1:9/sru", 25)


# --- paging ----------------------------------------------------------------------------------
def test_pages_over_three_pages(server: ReplayServer, http: HttpClient) -> None:
    for n in range(1, 26):
        server.add_record(make_answer(90000 + n, modified=f"2024-01-{n:02d}"))
    server.add_record(make_question(90001))  # another series: not returned
    sru = sru_for(server, http, page_size=10)
    pages = list(sru.iter_pages(ANSWERS))
    assert [(p.start, len(p.records), p.next_position) for p in pages] == [
        (1, 10, 11),
        (11, 10, 21),
        (21, 5, None),
    ]
    assert all(p.number_of_records == 25 for p in pages)
    got = [doc_id for p in pages for doc_id in ids(p.records)]
    assert got == [f"ah-tk-20232024-{90000 + n}" for n in range(1, 26)]  # modified order, no repeats
    assert server.request_count == 3
    for (path, query), start in zip(server.request_log, (1, 11, 21), strict=True):
        params = {k: v[0] for k, v in parse_qs(query).items()}
        assert path == "/sru"
        assert params == {
            "operation": "searchRetrieve",
            "version": "2.0",
            "recordSchema": "gzd",
            "startRecord": str(start),
            "maximumRecords": "10",
            "query": ANSWERS,
        }
    assert pages[0].url.startswith(server.sru_url + "?")


def test_server_capping_page_size(http: HttpClient) -> None:
    with ReplayServer(max_page_size=4) as server:
        for n in range(1, 11):
            server.add_record(make_answer(90000 + n))
        sru = sru_for(server, http, page_size=10)
        pages = list(sru.iter_pages(ANSWERS))
    assert [len(p.records) for p in pages] == [4, 4, 2]
    assert [p.start for p in pages] == [1, 5, 9]
    assert len({i for p in pages for i in ids(p.records)}) == 10


def test_incremental_window_and_iter_records(server: ReplayServer, http: HttpClient) -> None:
    for n in range(1, 11):
        server.add_record(make_answer(90000 + n, modified=f"2024-03-{n:02d}"))
    sru = sru_for(server, http, page_size=3)
    query = sru.build_query("answers", date(2024, 3, 4), date(2024, 3, 6))
    assert ids(list(sru.iter_records(query))) == [f"ah-tk-20232024-{90000 + n}" for n in (4, 5, 6)]
    assert sru.count(query) == 3


def test_empty_result(server: ReplayServer, http: HttpClient) -> None:
    sru = sru_for(server, http)
    pages = list(sru.iter_pages(ANSWERS))
    assert len(pages) == 1
    assert pages[0].records == [] and pages[0].number_of_records == 0


def test_non_advancing_next_position_is_an_error(server: ReplayServer, http: HttpClient) -> None:
    record = make_answer(90001)
    server.script("/sru", [Scripted(body=sru_body([record], number_of_records=5, next_position=1))])
    sru = sru_for(server, http)
    with pytest.raises(FetchError, match="does not advance"):
        list(sru.iter_pages(ANSWERS))


def test_empty_page_claiming_more_is_an_error(server: ReplayServer, http: HttpClient) -> None:
    server.script("/sru", [Scripted(body=sru_body([], number_of_records=5, next_position=11))])
    with pytest.raises(FetchError, match="empty page"):
        list(sru_for(server, http).iter_pages(ANSWERS))


def test_pages_are_streamed_and_records_detached(server: ReplayServer, http: HttpClient) -> None:
    for n in range(1, 7):
        server.add_record(make_answer(90000 + n))
    sru = sru_for(server, http, page_size=2)
    stream = sru.iter_pages(ANSWERS)
    first = next(stream)
    assert server.request_count == 1  # lazily, one request per page consumed
    record = first.records[0]
    assert record.getparent() is None
    assert record.getroottree().getroot() is record  # its own document, not the whole page
    assert record.find(f".//{GZD}gzd") is not None
    ref = weakref.ref(first)
    del first, record
    second = next(stream)
    gc.collect()
    assert ref() is None  # the generator does not keep earlier pages
    assert second.start == 3
    stream.close()


# --- errors ----------------------------------------------------------------------------------
def test_diagnostics_raise_with_message_and_query(server: ReplayServer, http: HttpClient) -> None:
    body = diagnostics_body("Query syntax error", "mismatched input 'Aanhangsel'")
    server.script("/sru", [Scripted(body=body)])
    with pytest.raises(SruDiagnosticError) as info:
        list(sru_for(server, http).iter_pages(ANSWERS))
    message = str(info.value)
    assert "Query syntax error" in message
    assert "mismatched input 'Aanhangsel'" in message
    assert ANSWERS in message
    assert info.value.query == ANSWERS
    assert info.value.uri == "info:srw/diagnostic/1/10"
    assert server.request_count == 1  # a diagnostic is not retried


@pytest.mark.parametrize(
    ("prefix", "namespace"),
    [
        ("", "http://docs.oasis-open.org/ns/search-ws/diagnostic"),
        ("d", "http://www.loc.gov/zing/srw/diagnostic/"),
    ],
)
def test_diagnostics_namespace_variations(prefix: str, namespace: str) -> None:
    body = diagnostics_body("Unsupported index", "w.foo", prefix=prefix, namespace=namespace)
    with pytest.raises(SruDiagnosticError, match=r"Unsupported index.*w\.foo"):
        parse_response(body, url="http://x/sru", query="w.foo==1")


def test_replay_server_diagnostic_for_unknown_index(server: ReplayServer, http: HttpClient) -> None:
    query = 'w.onbekend=="x"'
    with pytest.raises(SruDiagnosticError) as info:
        list(sru_for(server, http).iter_pages(query))
    assert "Unsupported index" in str(info.value)
    assert query in str(info.value)


def test_non_xml_body_names_url(server: ReplayServer, http: HttpClient) -> None:
    server.script("/sru", [Scripted(body=b"<html><body>Service unavailable", status=200)])
    with pytest.raises(FetchError) as info:
        list(sru_for(server, http).iter_pages(ANSWERS))
    assert server.sru_url in str(info.value)
    assert "not XML" in str(info.value)


def test_xml_that_is_not_sru_is_rejected(server: ReplayServer, http: HttpClient) -> None:
    server.script("/sru", [Scripted(body=b"<?xml version='1.0'?><html><p>hoi</p></html>")])
    with pytest.raises(FetchError, match="not an SRU searchRetrieveResponse") as info:
        list(sru_for(server, http).iter_pages(ANSWERS))
    assert server.sru_url in str(info.value)


def test_entities_are_not_expanded() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/'
        b'sruResponse"><sru:numberOfRecords>1</sru:numberOfRecords><sru:records><sru:record>'
        b"<sru:recordData>&x;</sru:recordData></sru:record></sru:records>"
        b"</sru:searchRetrieveResponse>"
    )
    page = parse_response(body, url="http://x/sru")
    assert len(page.records) == 1
    assert b"root:" not in etree.tostring(page.records[0])


def test_transient_failure_during_paging_is_retried(server: ReplayServer, http: HttpClient) -> None:
    for n in range(1, 6):
        server.add_record(make_answer(90000 + n))
    sru = sru_for(server, http, page_size=2)
    pages = sru.iter_pages(ANSWERS)
    next(pages)
    server.script("/sru", [Scripted(status=503)])
    assert [p.start for p in pages] == [3, 5]
    assert http.retry_count == 1


# --- real records ----------------------------------------------------------------------------
def test_real_records_found_by_series_and_id(server: ReplayServer, http: HttpClient) -> None:
    real = plooi_records()
    assert set(real) == {
        "kst-32545-143",
        "ah-tk-20202021-3235",
        "blg-1007826",
        "blg-1025203",
        "kst-32545-144",
    }
    for record in real.values():
        server.add_record(record)
    server.add_record(kv_record())
    sru = sru_for(server, http)

    answers = list(sru.iter_records(sru.build_query("answers", None, None)))
    assert ids(answers) == ["ah-tk-20202021-3235"]
    urls = {u.get("manifestation"): u.text for u in answers[0].iter(f"{GZD}itemUrl")}
    assert urls["xml"] == (
        f"{server.base_url}/frbr/officielepublicaties/ah-tk/20202021/"
        "ah-tk-20202021-3235/1/xml/ah-tk-20202021-3235.xml"
    )
    assert answers[0].findtext(".//{http://standaarden.overheid.nl/wetgeving/}vraagnummer") == (
        "2021Z09739"
    )

    questions = list(sru.iter_records(sru.build_query("questions", None, None)))
    assert ids(questions) == ["kv-2989900822"]
    assert questions[0].findtext(f".//{GZD}preferredUrl") == (
        "https://zoek.officielebekendmakingen.nl/kv-2989900822.html"
    )
    assert {u.text for u in questions[0].iter(f"{GZD}itemUrl")} >= {
        f"{server.base_url}/frbr/officielepublicaties/kv/onopgemaakt/kv-2989900822/1/xml/"
        "kv-2989900822.xml"
    }

    window = sru.build_query("answers", date(2021, 7, 1), date(2021, 7, 31))
    assert ids(list(sru.iter_records(window))) == ["ah-tk-20202021-3235"]  # modified 2021-07-22
    assert ids(list(sru.iter_records(sru.query_for_id("kst-32545-143")))) == ["kst-32545-143"]
    assert list(sru.iter_records(sru.query_for_id("kv-tk-0000Z00000"))) == []


def test_real_response_files_parse() -> None:
    data = (
        FIXTURES / "sru-response.officielepublicaties.staten-generaal.2021-10-13.xml"
    ).read_bytes()
    page = parse_response(data, url="file:staten-generaal")
    assert (len(page.records), page.number_of_records, page.next_position) == (10, 76, 11)
    assert ids(page.records)[0] == "blg-998035"
    plooi = (FIXTURES / "sru-response.plooi-integrationtest.mocked-urls.xml").read_bytes()
    page = parse_response(plooi, url="file:plooi")
    assert (len(page.records), page.number_of_records, page.next_position) == (5, 3, None)
