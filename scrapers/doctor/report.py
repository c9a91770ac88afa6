"""The report the doctor prints: one `Check` row per question asked, each with a verdict, and the
`DoctorReport` of a whole run (`--format json` is its `to_dict()`).

Also `NotRun`, the exception a check raises when it cannot run, and the helpers that word the rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

Verdict = Literal["OK", "DIFFERS", "FAIL"]
OK: Verdict = "OK"
DIFFERS: Verdict = "DIFFERS"
FAIL: Verdict = "FAIL"
_RANK = {OK: 0, DIFFERS: 1, FAIL: 2}


@dataclass(slots=True)
class Check:
    """One row of the report."""

    name: str
    expected: str
    found: str
    verdict: Verdict
    meaning: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "check": self.name,
            "expected": self.expected,
            "found": self.found,
            "verdict": self.verdict,
            "meaning": self.meaning,
            "details": self.details,
        }


@dataclass(slots=True)
class DoctorReport:
    """Every check, the requests made and the overall verdict."""

    sru_url: str
    started_at: datetime
    since: date
    until: date
    date_index: str
    checks: list[Check]
    requests: list[tuple[float, str]]
    retries: int
    elapsed: float
    max_requests: int
    min_interval: float
    user_agent: str

    @property
    def verdict(self) -> Verdict:
        """The worst verdict of all checks."""
        return max((c.verdict for c in self.checks), key=_RANK.__getitem__, default=OK)

    @property
    def exit_code(self) -> int:
        """1 when a check FAILs (a difference that would load wrong data), else 0."""
        return 1 if self.verdict == FAIL else 0

    def counts(self) -> dict[str, int]:
        """Number of checks per verdict."""
        tally = Counter(c.verdict for c in self.checks)
        return {v: tally.get(v, 0) for v in (OK, DIFFERS, FAIL)}

    def check(self, name: str) -> Check:
        """The check called `name` (KeyError if absent)."""
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the `--format json` output)."""
        return {
            "sru_url": self.sru_url,
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "window": {
                "since": self.since.isoformat(),
                "until": self.until.isoformat(),
                "index": self.date_index,
            },
            "verdict": self.verdict,
            "exit_code": self.exit_code,
            "counts": self.counts(),
            "checks": [c.to_dict() for c in self.checks],
            "requests": {
                "count": len(self.requests),
                "retries": self.retries,
                "max": self.max_requests,
                "min_interval": self.min_interval,
                "elapsed_seconds": round(self.elapsed, 3),
                "user_agent": self.user_agent,
                "log": [{"at": round(t, 3), "url": u} for t, u in self.requests],
            },
        }


class NotRun(Exception):
    """A check that could not run: the request budget is spent or the service is unreachable."""

    def __init__(self, reason: str, verdict: Verdict):
        self.reason = reason
        self.verdict = verdict
        super().__init__(reason)


# --- wording the rows --------------------------------------------------------------------------
def id_list(ids: list[str], limit: int = 3) -> str:
    """The first `limit` ids, and how many more there are."""
    shown = ", ".join(ids[:limit])
    return shown + (f", … (+{len(ids) - limit})" if len(ids) > limit else "")


def counts_text(counter: Mapping[str, int]) -> str:
    """`kind count, …`, the most frequent first."""
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def sentence(parts: Iterable[str]) -> str:
    """Distinct clauses joined into one sentence."""
    text = "; ".join(dict.fromkeys(parts))
    return text[:1].upper() + text[1:] + "."

