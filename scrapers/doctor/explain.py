"""Check 1, `explain`: the service's explain record lists every index the configured queries use.

Also the explain parser (`parse_explain`, SRU 1.2 and 2.0) and `query_indexes`, which reads the
indexes out of the configured CQL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

import config
from scrapers.doctor.report import DIFFERS, FAIL, OK, Check, NotRun
from scrapers.http_client import FetchError
from scrapers.settings import IDENTIFIER_INDEX, SRU_VERSION, ClientSettings
from scrapers.xmlsafe import UnsafeXmlError, local, parse_xml

if TYPE_CHECKING:
    from scrapers.doctor.context import DoctorRun

# source.md §2: the explain record as wetsuite parsed it (version 1.2, x-connection).
EXPLAIN_FALLBACK_PARAMS: Mapping[str, str] = {"version": "1.2", "x-connection": "officielepublicaties"}
# source.md §2 "Useful indexes": documented, but only those in the configured queries are needed.
DOCUMENTED_INDEXES = (
    "dt.identifier", "dt.title", "dt.type", "dt.modified", "dt.issued", "dt.available", "dt.date",
    "c.product-area", "w.publicatienaam", "w.organisatietype", "w.vergaderjaar", "w.documentstatus",
    "w.subrubriek", "w.vraagnummer", "w.aanhangsel", "w.aanhangselnummer", "w.datumIndiening",
    "w.datumOntvangst", "w.indiener", "w.ontvanger", "w.heeftMededeling", "w.mededelingOver",
)

_CQL_INDEX = re.compile(r"(?<![\w.\"-])([A-Za-z][\w-]*\.[A-Za-z][\w.-]*)\s*(?:==|<>|>=|<=|=|>|<)")
_CQL_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


@dataclass(slots=True)
class ExplainInfo:
    """What an SRU explain (ZeeRex) record says."""

    indexes: list[str]
    sets: dict[str, str]
    number_of_records: int | None = None
    max_records: int | None = None
    version: str | None = None


class ExplainError(ValueError):
    """The body is not a usable explain record (diagnostics, another document, bad XML)."""


def _child(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el if local(c.tag) == name), None)


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


def parse_explain(content: bytes) -> ExplainInfo:
    """Parse an explain response (SRU 1.2 or 2.0, any prefixes) into `ExplainInfo`.

    Indexes are `set.name` as listed in `indexInfo/index/map/name[@set]`.
    """
    try:
        root = parse_xml(content)
    except UnsafeXmlError as exc:
        raise ExplainError(f"not XML ({exc})") from None
    for el in root.iter():
        if local(el.tag) == "diagnostic":
            text = " ".join(" ".join(el.itertext()).split())
            raise ExplainError(f"diagnostic: {text}")
    explain = next((el for el in root.iter() if local(el.tag) == "explain"), None)
    if explain is None:
        raise ExplainError(f"no explain record (root element <{local(root.tag)}>)")
    info = ExplainInfo(indexes=[], sets={})
    version = _child(root, "version")
    info.version = (version.text or "").strip() if version is not None else None
    for el in explain.iter():
        name = local(el.tag)
        if name == "database":
            info.number_of_records = _int(el.get("numRecs"))
        elif name == "set" and local(el.getparent().tag) == "indexinfo":
            info.sets[el.get("name", "")] = el.get("identifier", "")
        elif name == "name" and local(el.getparent().tag) == "map":
            set_name = el.get("set") or el.getparent().get("set") or ""
            index = (el.text or "").strip()
            if index:
                info.indexes.append(f"{set_name}.{index}" if set_name else index)
        elif name == "setting" and (el.get("type") or "").lower() == "maximumrecords":
            info.max_records = _int(el.text)
    if not info.indexes:
        raise ExplainError("the explain record lists no indexes")
    return info


def query_indexes(settings: ClientSettings) -> dict[str, str]:
    """Every CQL index the configured queries use → the setting that puts it there."""
    used: dict[str, str] = {}

    def add(cql: str, source: str) -> None:
        for index in _CQL_INDEX.findall(_CQL_QUOTED.sub('""', cql)):
            used.setdefault(index, source)

    add(settings.base_filter, config.setting("BASE_FILTER").env)
    for series, cql in settings.series.items():
        add(cql, f"KAMERVRAGEN_SERIES_{series.upper()}")
    used.setdefault(settings.incremental_date_index, config.setting("INCREMENTAL_DATE_INDEX").env)
    used.setdefault(settings.backfill_date_index, config.setting("BACKFILL_DATE_INDEX").env)
    used.setdefault(IDENTIFIER_INDEX, "lookups by id (fetch, re-tried rejects)")
    return used


# --- the check ---------------------------------------------------------------------------------
def expected_explain(run: DoctorRun) -> str:
    """The row's `expected` text."""
    return "lists the indexes the queries use: " + ", ".join(query_indexes(run.settings))


def check_explain(run: DoctorRun) -> Check:
    """The explain record lists every index the configured queries use."""
    name, expected = "explain", expected_explain(run)
    errors: list[str] = []
    info: ExplainInfo | None = None
    used_params: dict[str, str] = {}
    for extra in ({"version": SRU_VERSION}, EXPLAIN_FALLBACK_PARAMS):
        params = {"operation": "explain", **extra}
        try:
            response = run.http.get(run.settings.sru_url, params)
            info = parse_explain(response.content)
        except (FetchError, ExplainError) as exc:
            reason = exc.reason if isinstance(exc, FetchError) else str(exc)
            errors.append(f"version {extra['version']}: {reason}")
            if run.http.unreachable:
                break
            continue
        used_params = params
        break
    if info is None:
        if run.http.unreachable:
            raise NotRun(f"no answer: {'; '.join(errors)}", FAIL)
        return Check(
            name, expected, "no explain record: " + "; ".join(errors), DIFFERS,
            "Cannot compare the index list; the series queries below use the indexes directly "
            "(an unknown index shows there as a diagnostic).",
            {"errors": errors},
        )
    run.explain = info
    listed = {i.lower() for i in info.indexes}
    used = query_indexes(run.settings)
    missing = {i: src for i, src in used.items() if i.lower() not in listed}
    undocumented = [i for i in DOCUMENTED_INDEXES if i.lower() not in listed and i not in used]
    details = {
        "params": used_params,
        "indexes_listed": len(info.indexes),
        "number_of_records": info.number_of_records,
        "max_records_setting": info.max_records,
        "used": sorted(used),
        "missing_used": sorted(missing),
        "missing_documented": undocumented,
    }
    found = f"{len(info.indexes)} indexes"
    if info.number_of_records is not None:
        found += f", {info.number_of_records} records"
    if missing:
        found += "; MISSING: " + ", ".join(missing)
        meaning = "; ".join(f"{i} (from {src})" for i, src in missing.items())
        return Check(
            name, expected, found, FAIL,
            f"Not listed: {meaning}. A query on an index the service does not know is refused or, "
            "worse, silently ignored (a wrong window). Point the setting at an index it lists.",
            details,
        )
    found += f"; all {len(used)} used indexes listed"
    if undocumented:
        found += "; not listed (unused): " + ", ".join(undocumented)
        return Check(
            name, expected, found, DIFFERS,
            "Indexes source.md documents are gone, but no query uses them: harmless for now.",
            details,
        )
    return Check(name, expected, found, OK, "Every index the queries use exists.", details)

