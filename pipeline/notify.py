"""Notification channels, digests and delivery (apprise), with the URLs kept secret.

A channel is one apprise notification URL (Slack, Microsoft Teams, e-mail, JSON webhook, …)
from `--notify URL` (repeatable), env `KAMERVRAGEN_NOTIFY` (comma- or newline-separated), or a
Prefect Secret block named by env `KAMERVRAGEN_NOTIFY_BLOCK` (a string in the same format, or a
JSON list of URLs). A channel can carry filters as `kv-` query parameters, removed before the
URL is handed to apprise:

    json://hooks.example.org/kamervragen?kv-ministries=BZK,VWS&kv-parties=CDA&kv-kinds=overdue

`kv-ministries` / `kv-parties`: only sets with any of these ministries / parties (case does not
matter); `kv-kinds`: only these alert kinds. A channel is known by its id, `ch-` plus a hash of
its URL (filters excluded): the URL and its tokens are never stored, printed or logged;
`redacted_logging()` scrubs them from every log record made while alerts run, apprise's own
included. This module imports Prefect only to read a Secret block.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import logging
import re
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, unquote, urlsplit

import config
from warehouse.alerts import KINDS, Alert

FILTER_PREFIX = "kv-"
FILTERS = ("ministries", "parties", "kinds")
REDACTED = "[redacted]"
DELIVERY_TIMEOUT = 60.0
_SPLIT = re.compile(r"[\s,]+(?=[A-Za-z][A-Za-z0-9+.-]*://)")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_USERINFO = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]*://)[^\s/@]+@")


class ChannelError(ValueError):
    """A notification URL or its filters cannot be used (the message never contains the URL)."""


@dataclass(frozen=True, slots=True)
class Channel:
    """One notification URL (secret) with optional filters; printed as its id only."""

    url: str = field(repr=False)
    ministries: tuple[str, ...] | None = None
    parties: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None
    raw: str = field(default="", repr=False, compare=False)

    @property
    def id(self) -> str:
        """`ch-` + the first 16 hex digits of SHA-256 of the URL (filters excluded)."""
        return "ch-" + hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:16]

    @property
    def scheme(self) -> str:
        """The URL scheme (`json`, `mailtos`, `slack`, …): not a secret."""
        match = _SCHEME.match(self.url)
        return match.group(1).lower() if match else "?"

    @property
    def label(self) -> str:
        """What output and logs show: scheme and id."""
        return f"{self.scheme} {self.id}"

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"Channel({self.label})"


DRY_RUN_CHANNEL = Channel(url="dry-run://")  # stands for "no channel" in a dry run


def parse_channel(raw: str, position: int = 1) -> Channel:
    """A `Channel` from a URL with optional `kv-` filter parameters."""
    text = raw.strip()
    if not _SCHEME.match(text):
        raise ChannelError(f"notification URL #{position} has no scheme (expected e.g. json://…, mailtos://…)")
    base, sep, query = text.partition("?")
    kept, filters = [], {}
    for part in query.split("&") if sep else []:
        name, _, value = part.partition("=")
        if name.lower().startswith(FILTER_PREFIX):
            key = name[len(FILTER_PREFIX):].lower()
            if key not in FILTERS:
                raise ChannelError(
                    f"notification URL #{position}: unknown filter {name!r} (known: "
                    + ", ".join(FILTER_PREFIX + f for f in FILTERS) + ")"
                )
            values = tuple(v.strip() for v in unquote(value.replace("+", " ")).split(",") if v.strip())
            filters[key] = values or None
        elif part:
            kept.append(part)
    kinds = filters.get("kinds")
    if kinds:
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise ChannelError(f"notification URL #{position}: unknown alert kinds {unknown} (known: {list(KINDS)})")
    url = base + ("?" + "&".join(kept) if kept else "")
    return Channel(url=url, ministries=filters.get("ministries"), parties=filters.get("parties"),
                   kinds=kinds, raw=text)


def split_urls(text: str | None) -> list[str]:
    """Split a `KAMERVRAGEN_NOTIFY`-style list: commas/newlines before a `scheme://` separate URLs."""
    if not text or not text.strip():
        return []
    return [part.strip().strip(",") for part in _SPLIT.split(text.strip()) if part.strip().strip(",")]


def load_channels(
    urls: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> list[Channel]:
    """Channels from explicit `urls`, else from `KAMERVRAGEN_NOTIFY` plus the Secret block.

    Duplicates (same id) are dropped, first one wins.
    """
    if urls:
        raw = [u for item in urls for u in split_urls(item)]
    else:
        raw = split_urls(config.raw("NOTIFY", environ))
        block = config.get("NOTIFY_BLOCK", environ)
        if block:
            raw += secret_block_urls(block)
    channels: dict[str, Channel] = {}
    for position, text in enumerate(raw, 1):
        channel = parse_channel(text, position)
        channels.setdefault(channel.id, channel)
    return list(channels.values())


def secret_block_urls(name: str) -> list[str]:
    """URLs stored in the Prefect Secret block `name` (a string or a JSON list of strings)."""
    from prefect.blocks.system import Secret

    try:
        value = Secret.load(name).get()
    except Exception as exc:  # the block's value never appears in these errors
        raise ChannelError(f"cannot read Prefect Secret block {name!r}: {type(exc).__name__}") from None
    if isinstance(value, str):
        return split_urls(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [u for v in value for u in split_urls(v)]
    raise ChannelError(f"Prefect Secret block {name!r} must hold a string or a list of URL strings")


# --- redaction ---------------------------------------------------------------------------------


class Redactor:
    """Replaces every secret part of the given URLs (and any URL user:password) in text."""

    def __init__(self, urls: Iterable[str] = ()):
        fragments: set[str] = set()
        for url in urls:
            fragments |= _secret_fragments(url)
        self._fragments = sorted((f for f in fragments if f), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for fragment in self._fragments:
            if fragment in text:
                text = text.replace(fragment, REDACTED)
        return _USERINFO.sub(lambda m: m.group(1) + REDACTED + "@", text)


def _secret_fragments(url: str) -> set[str]:
    """The URL itself and its parts that may be secret (user info, tokens in host, path, query)."""
    found = {url, unquote(url)}
    try:
        parts = urlsplit(url)
    except ValueError:
        return found
    found.add(parts.netloc)
    user, password = parts.username, parts.password
    if password:
        for value in {password, unquote(password)}:
            if len(value) >= 4:
                found.add(value)
        if user:
            found.add(base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode()).decode())
    host = parts.hostname or ""
    if host and "." not in host and host != "localhost" and not _is_ip(host):
        found |= {host, host.upper()} if len(host) >= 6 else set()  # Slack-style token as host
    for segment in parts.path.split("/"):
        for value in {segment, unquote(segment)}:
            if len(value) >= 6:
                found.add(value)
    for _, value in parse_qsl(parts.query, keep_blank_values=False):
        if len(value) >= 6:
            found |= {value, unquote(value)}
    if parts.fragment and len(parts.fragment) >= 6:
        found.add(parts.fragment)
    return found


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@contextmanager
def redacted_logging(redactor: Redactor) -> Iterator[None]:
    """While active, every log record made in this process (any logger or thread) is scrubbed."""
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _scrub(record, redactor)
        return record

    logging.setLogRecordFactory(factory)
    try:
        yield
    finally:
        if logging.getLogRecordFactory() is factory:
            logging.setLogRecordFactory(previous)


def _scrub(record: logging.LogRecord, redactor: Redactor) -> None:
    try:
        message = record.getMessage()
    except Exception:
        message = str(record.msg)
    record.msg, record.args = redactor(message), None
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = redactor("".join(traceback.format_exception(*record.exc_info)).rstrip())
        record.exc_info = None
    if record.stack_info:
        record.stack_info = redactor(record.stack_info)


# --- digest ------------------------------------------------------------------------------------

HEADINGS = {
    "overdue_after_extension": "Overdue after the extension (a delay notice was given)",
    "overdue": "Overdue: no answer and no delay notice within the term",
    "due_soon": "Due soon",
    "watched_answered": "Answered (on your watch list)",
    "ingest_failed": "Ingest failed",
    "ingest_stale": "Ingest stale",
}
SHORT = {
    "overdue_after_extension": "overdue after extension",
    "overdue": "overdue",
    "due_soon": "due soon",
    "watched_answered": "watched answered",
    "ingest_failed": "ingest failed",
    "ingest_stale": "ingest stale",
}
ORDER = ("ingest_failed", "ingest_stale", "overdue_after_extension", "overdue", "due_soon", "watched_answered")


@dataclass(frozen=True, slots=True)
class Digest:
    """One message: a title and a markdown body."""

    title: str
    body: str
    count: int


def render_digest(alerts: Sequence[Alert], as_of: date) -> Digest:
    """The digest of `alerts` (grouped by kind): one line per set or ingest event."""
    by_kind: dict[str, list[Alert]] = {}
    for alert in alerts:
        by_kind.setdefault(alert.kind, []).append(alert)
    counts = ", ".join(f"{len(by_kind[k])} {SHORT[k]}" for k in ORDER if k in by_kind)
    title = f"Kamervragen {as_of.isoformat()}: {counts}"
    sections = []
    for kind in ORDER:
        if kind not in by_kind:
            continue
        lines = [f"**{HEADINGS[kind]}** ({len(by_kind[kind])})", ""]
        lines += [f"- {alert_line(a)}" for a in by_kind[kind]]
        sections.append("\n".join(lines))
    return Digest(title=title, body="\n\n".join(sections) + "\n", count=len(alerts))


def alert_line(alert: Alert) -> str:
    """One digest line: vraagnummer · title · submitters (party) · ministries · days · link, and for a
    set flagged for review "check before citing: <its unsettled reasons>"."""
    p = alert.payload
    if alert.kind == "ingest_failed":
        return (f"ingest run {p.get('run_id')} {p.get('outcome', 'failed')} (started {p.get('started')}): "
                f"{p.get('message') or 'no message'}")
    if alert.kind == "ingest_stale":
        if p.get("last_success") is None:
            return f"no ingest run has succeeded yet (threshold {_num(p.get('threshold_hours'))} h)"
        return (f"no successful ingest for {_num(p.get('hours_since'))} h (last success "
                f"{p.get('last_success')} Europe/Amsterdam; threshold {_num(p.get('threshold_hours'))} h)")
    who = ", ".join(
        f"{s['name']} ({s['party']})" if s.get("party") else s["name"] for s in p.get("submitters") or []
    ) or "submitters unknown"
    ministries = ", ".join(p.get("ministries") or []) or "ministry unknown"
    if alert.kind in ("overdue", "overdue_after_extension"):
        due = p.get("extended_due_on") if alert.kind == "overdue_after_extension" else p.get("due_on")
        when = f"{_days(p.get('days_overdue'))} overdue (due {due})"
    elif alert.kind == "due_soon":
        left = p.get("days_left")
        when = f"due {p.get('effective_due_on')} ({'today' if left == 0 else 'in ' + _days(left)})"
    else:
        when = f"answered {p.get('answered_on')} after {_days(p.get('days_taken'))}"
    parts = [p.get("vraagnummer") or alert.vraagnummer, p.get("title") or "(no title)", who, ministries, when]
    if p.get("link"):
        parts.append(p["link"])
    if p.get("needs_review"):  # doubt is visible: never a silent "overdue"
        parts.append("check before citing: " + ("; ".join(p.get("review_reasons") or []) or "see kamervragen review"))
    return " · ".join(str(x) for x in parts)


def _days(n: object) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _num(x: object) -> str:
    return f"{x:g}" if isinstance(x, (int, float)) else str(x)


# --- delivery ----------------------------------------------------------------------------------


def deliver(channel: Channel, digest: Digest, redactor: Redactor,
            timeout: float = DELIVERY_TIMEOUT) -> tuple[bool, str | None]:
    """Send `digest` to `channel` through apprise: (True, None) or (False, redacted error)."""
    import apprise

    try:
        ap = apprise.Apprise()
        if not ap.add(channel.url):
            return False, f"{channel.label}: not a notification URL apprise can use"
        result = ap.notify(body=digest.body, title=digest.title,
                           body_format=apprise.NotifyFormat.MARKDOWN, timeout=timeout)
    except Exception as exc:
        return False, redactor(f"{type(exc).__name__}: {exc}")
    if result:
        return True, None
    try:
        messages = [e.message for e in result.logs() if e.level in ("WARNING", "ERROR")]
    except Exception:
        messages = []
    status = getattr(getattr(result, "status", None), "name", "FAILURE")
    return False, redactor("; ".join(dict.fromkeys(messages)) or f"delivery failed ({status})")


def validate(channel: Channel) -> None:
    """Raise `ChannelError` when apprise does not accept the channel's URL (scheme, tokens)."""
    import apprise

    if not apprise.Apprise().add(channel.url):
        raise ChannelError(f"{channel.label}: not a notification URL apprise can use (check its format)")
