"""Check 7, `notice texts`: the texts of a few sampled notices (Mededelingen), the most doubtful
first, each say which kind they are (delay, withdrawn, answered elsewhere) and agree with their
title; a notice in doubt is a set flagged for review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schemas.document import ParseError
from scrapers.doctor.report import DIFFERS, FAIL, OK, Check, NotRun, id_list
from scrapers.http_client import FetchError
from scrapers.texts import combine, parse_text_bytes, text_url

if TYPE_CHECKING:
    from scrapers.doctor.context import DoctorRun

NOTICE_SAMPLE = 3  # notices whose texts the doctor reads


def expected_notices(run: DoctorRun) -> str:
    """The row's `expected` text."""
    return (f"up to {NOTICE_SAMPLE} sampled notices: each text says its kind (delay, withdrawn, "
            "answered elsewhere), as its title does")


def check_notices(run: DoctorRun) -> Check:
    """Read the texts of a few sampled notices: their kind must come from the text itself."""
    name, expected = "notice texts", expected_notices(run)
    if run.http.unreachable is not None:
        raise NotRun(f"not run: the service does not answer ({run.http.unreachable})", FAIL)
    notices = [d for s in run.samples.values() for d in s.docs if d.kind == "notice" and text_url(d)]
    # the most doubtful first: a title that does not say the kind, a PDF-only text
    notices.sort(key=lambda d: (d.notice_kind not in (None, "other"), text_url(d)[0] != "pdf"))  # type: ignore[index]
    if not notices:
        return Check(name, expected, "no notice with a text among the sampled records", DIFFERS,
                     "Nothing to check here; widen --days or --sample to find one.", {})
    read: list[dict[str, Any]] = []
    unreadable: list[str] = []
    doubtful: list[str] = []
    for meta in notices[:NOTICE_SAMPLE]:
        manifestation, url = text_url(meta)  # type: ignore[misc]
        try:
            text = parse_text_bytes(meta, manifestation, url, run.http.get_bytes(url))
            merged = combine(meta, text)
        except (FetchError, ParseError) as exc:
            unreadable.append(f"{meta.doc_id}: {getattr(exc, 'reason', exc)}")
            continue
        conflicts = [c for c in merged.conflicts[len(meta.conflicts):] if c.field in ("kind", "notice_kind")]
        row = {"doc_id": meta.doc_id, "manifestation": manifestation, "title_kind": meta.notice_kind,
               "text_kind": text.notice_kind if text.kind == "notice" else f"({text.kind})",
               "notice_kind": merged.notice_kind,
               "conflicts": [f"{c.field}: {c.kept} vs {c.other}" for c in conflicts]}
        read.append(row)
        if merged.notice_kind == "other" or conflicts or text.kind != "notice":
            doubtful.append(f"{meta.doc_id} ({row['text_kind']}"
                            + (f"; {', '.join(row['conflicts'])}" if conflicts else "") + ")")
    details = {"notices": read, "unreadable": unreadable}
    found = ", ".join(f"{r['doc_id']} {r['notice_kind']}" for r in read) or "none read"
    if unreadable:
        return Check(name, expected, f"{found}; unreadable: {id_list(unreadable, 2)}", FAIL,
                     "Notices of this shape would be rejected: their sets keep no notice, and one that "
                     "answered or extended a set would leave it looking late.", details)
    if doubtful:
        return Check(name, expected, f"{found}; in doubt: {id_list(doubtful, 2)}", DIFFERS,
                     "These notices' texts do not say which kind they are (or disagree with their title): "
                     "their sets are flagged needs_review, never shown as plain late. Send the files to "
                     "the developers (kamervragen fetch ID) so the wording can be learnt.", details)
    return Check(name, expected, found + "; every kind read from the text", OK,
                 "Notices are read as the samples are.", details)

