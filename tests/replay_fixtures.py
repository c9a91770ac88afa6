"""Helpers shared by the HTTP, SRU and replay-server tests (real samples, canned SRU bodies)."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

FIXTURES = Path(__file__).parent / "fixtures"
PLOOI_SRU = "sru-response.plooi-integrationtest.mocked-urls.xml"
KV_RECORD = "sru-record.kv-2989900822.onopgemaakt.xml"
PLOOI_PREFIX = "http://__MOCK_SERVICE__/repository.overheid.nl"
REAL_PREFIX = "https://repository.overheid.nl"
SRU_NS = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
DC_NS = "http://purl.org/dc/terms/"


def plooi_records() -> dict[str, str]:
    """The real records of the PLOOI response, by identifier, item URLs rebased on `{BASE}`."""
    text = (FIXTURES / PLOOI_SRU).read_text("utf-8").replace(PLOOI_PREFIX, "{BASE}")
    root = etree.fromstring(text.encode("utf-8"))
    out: dict[str, str] = {}
    for record in root.iter(f"{{{SRU_NS}}}record"):
        doc_id = record.findtext(f".//{{{DC_NS}}}identifier")
        out[doc_id] = etree.tostring(record, encoding="unicode")
    return out


def kv_record() -> str:
    """The real record of the old oral question kv-2989900822, item URLs rebased on `{BASE}`."""
    return (FIXTURES / KV_RECORD).read_text("utf-8").replace(REAL_PREFIX, "{BASE}")


def sru_body(
    records: Sequence[str] = (),
    *,
    number_of_records: int | None = None,
    next_position: int | None = None,
    query: str = "",
) -> bytes:
    """A hand-made searchRetrieveResponse around `records` (for scripted responses)."""
    inner = "".join(r.split("?>", 1)[-1] if r.startswith("<?xml") else r for r in records)
    total = len(records) if number_of_records is None else number_of_records
    nxt = "" if next_position is None else f"<sru:nextRecordPosition>{next_position}"
    nxt += "</sru:nextRecordPosition>" if nxt else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sru:searchRetrieveResponse xmlns:sru="{SRU_NS}">'
        "<sru:version>2.0</sru:version>"
        f"<sru:numberOfRecords>{total}</sru:numberOfRecords>"
        f"<sru:records>{inner}</sru:records>{nxt}"
        "<sru:echoedSearchRetrieveRequest>"
        f"<sru:query>{escape(query)}</sru:query>"
        "</sru:echoedSearchRetrieveRequest>"
        "</sru:searchRetrieveResponse>"
    ).encode()


def diagnostics_body(
    message: str,
    details: str = "",
    *,
    prefix: str = "diag",
    namespace: str = "http://docs.oasis-open.org/ns/search-ws/diagnostic",
) -> bytes:
    """An SRU diagnostics response; `prefix=""` puts the diagnostic in a default namespace."""
    p = f"{prefix}:" if prefix else ""
    decl = f'xmlns:{prefix}="{namespace}"' if prefix else f'xmlns="{namespace}"'
    return (
        f'<?xml version="1.0"?><sru:searchRetrieveResponse xmlns:sru="{SRU_NS}">'
        "<sru:version>2.0</sru:version><sru:numberOfRecords>0</sru:numberOfRecords>"
        f"<sru:diagnostics><{p}diagnostic {decl}>"
        f"<{p}uri>info:srw/diagnostic/1/10</{p}uri>"
        f"<{p}details>{escape(details)}</{p}details>"
        f"<{p}message>{escape(message)}</{p}message>"
        f"</{p}diagnostic></sru:diagnostics></sru:searchRetrieveResponse>"
    ).encode()


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
