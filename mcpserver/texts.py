"""The short text beside each structured result: what an assistant can quote, the review flag first."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from mcpserver.models import DisagreementsResult, OverdueResult, QuestionSet, Result, SearchResult, TimelinessResult

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def status_reason(s: dict[str, Any], term: int, extension: int) -> str:
    """The status with its reason, e.g. 'answered within the extended term: after 38 days, …'."""
    status, notice = s.get("status"), s.get("delay_notice_on")
    late = " (the notice itself came after the term)" if s.get("notice_was_late") else ""
    if notice:
        terms = (f"the extended term of {term + extension} days (delay notice of {notice}{late}; "
                 f"due {s.get('extended_due_on')})")
    else:
        terms = f"the term of {term} days (due {s.get('due_on')}; no delay notice)"
    reasons = {
        "answered_on_time": f"answered on time: after {s.get('days_taken')} days, within the term of {term} days "
                            f"(due {s.get('due_on')})",
        "answered_within_extension": (
            f"answered within the extended term: after {s.get('days_taken')} days, past the term of {term} days "
            f"(due {s.get('due_on')}) but within the {term + extension} days the delay notice of {notice}{late} "
            f"gave (due {s.get('extended_due_on')})"),
        "answered_late": f"answered late: {s.get('days_overdue')} days after {terms}",
        "overdue": f"overdue: not answered, {s.get('days_overdue')} days after {terms}",
        "open": f"open: the term of {term} days runs until {s.get('due_on')}",
        "open_extended": f"open, extended: delay notice of {notice}{late}; the extended term runs until "
                         f"{s.get('extended_due_on')}",
        "withdrawn": f"withdrawn on {s.get('withdrawn_on')}",
        "answered": f"answered after {s.get('days_taken')} days; no term (Eerste Kamer or oral question)",
        "incomplete": "incomplete: no question record and no known date of submission",
    }
    return reasons.get(status or "", str(status))


def _footer(r: Result) -> str:
    fresh = (r.last_successful_ingest.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M")
             if isinstance(r.last_successful_ingest, datetime) else "never")
    return f"as of {r.as_of}; data from the last successful ingest, {fresh} (Europe/Amsterdam)"


def _check(reasons: list[str]) -> str:
    return "⚠ check before citing: " + "; ".join(reasons)


def question_set(r: QuestionSet) -> str:
    lines = [_check(r.review_open_reasons)] if r.review_open_reasons else []
    lines += [f"{r.vraagnummer}: {r.title}", f"status {r.status}: {r.status_reason}"]
    asked = ", ".join(f"{p.name} ({p.party})" if p.party else str(p.name) for p in r.submitters)
    lines.append(f"submitted {r.submitted_on} by {asked or 'unknown'}; to {', '.join(r.addressed_to) or 'unknown'}")
    if r.answered_by:
        lines.append("answered by " + ", ".join(f"{m.name} ({m.function}, {m.ministry})" for m in r.answered_by))
    lines += [f"  {d.on_date or '?'}  {d.kind}{'/' + d.notice_kind if d.notice_kind else ''}  {d.url}"
              for d in r.timeline]
    return "\n".join([*lines, _footer(r)])


def _head(r: SearchResult | OverdueResult, what: str, shown: str) -> str:
    """'N sets <what>', '; the <shown>' when the limit cut the list, and how many are flagged."""
    cut = f"; the {shown.format(len(r.sets))} shown" if r.total > len(r.sets) else ""
    return f"{r.total} sets {what}{cut}" + (f"; {r.needing_review} flagged for review (⚠)" if r.needing_review else "")


def search(r: SearchResult) -> str:
    lines = [_head(r, "match", "newest {}")]
    lines += [f"{'⚠ ' if s.review_open_reasons else ''}{s.vraagnummer}  {s.submitted_on}  {s.status}  {s.title}"
              for s in r.sets]
    return "\n".join([*lines, _footer(r)])


def overdue(r: OverdueResult) -> str:
    lines = [_head(r, "overdue", "{} longest overdue")]
    for s in r.sets:
        check = f"  ⚠ check before citing: {'; '.join(s.review_open_reasons)}" if s.review_open_reasons else ""
        lines.append(f"{s.vraagnummer}  {_days(s.days_overdue)} overdue (due {s.effective_due_on}, "
                     f"{s.overdue_kind})  {', '.join(s.ministries)}  {s.title}{check}")
    return "\n".join([*lines, _footer(r)])


def timeliness(r: TimelinessResult) -> str:
    lines = [f"answer times by {r.by}" + (f", sets submitted {r.since or '…'} to {r.until or '…'}"
                                          if r.since or r.until else "")
             + " (Kaplan–Meier: open sets count as unanswered so far)"]
    for x in r.rows:
        share = f"{x.share_by_21:.0%}" if x.share_by_21 is not None else "–"
        lines.append(f"{x.group}: {x.sets} sets, median {x.median_days if x.median_days is not None else '–'} days, "
                     f"{share} answered within 21 days, {x.open_overdue} overdue")
    return "\n".join([*lines, _footer(r)])


def disagreements(r: DisagreementsResult) -> str:
    lines = [f"{r.total} disagreements between the publications and the Tweede Kamer's records"]
    lines += [f"{d.vraagnummer}  {d.kind}  {d.field or ''}: publications {d.ours}, Tweede Kamer {d.theirs}"
              + ("  (changes the verdict: flagged for review)" if d.verdict_changing else "")
              for d in r.disagreements]
    return "\n".join([*lines, _footer(r)])


def _days(n: int | None) -> str:
    return "1 day" if n == 1 else f"{n} days"
