"""Every `KAMERVRAGEN_*` setting in one place: its name, default, validation and meaning.

Values are read from the environment when asked for (`get`), never at import time, so a test or a
deployment can set a variable just before a run. A value that does not parse is a ValueError that
names the variable. `kamervragen config` prints the table with the values in effect, and the
settings table of docs/configuration.md is `markdown_table()`.

This module imports nothing from the project: every package may import it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PREFIX = "KAMERVRAGEN_"
_SIZE = re.compile(r"^\d+(\.\d+)?\s*[KMGT]i?B$", re.IGNORECASE)
KINDS = ("text", "int", "float", "size", "choice", "secret")


@dataclass(frozen=True, slots=True)
class Setting:
    """One variable: `name` without the prefix; `default` None means "computed by the caller"."""

    name: str
    kind: str
    default: Any
    help: str
    minimum: float | None = None
    choices: tuple[str, ...] = ()
    group: str = ""
    above: float | None = None  # an exclusive minimum

    @property
    def env(self) -> str:
        """The variable's full name, e.g. `KAMERVRAGEN_DB`."""
        return PREFIX + self.name


def _s(name: str, kind: str, default: Any, help: str, group: str, **kw: Any) -> Setting:
    return Setting(name, kind, default, help, group=group, **kw)


_ALL = (
    # --- warehouse location and source endpoint
    _s("DB", "text", "data/kamervragen.duckdb", "the DuckDB warehouse file (also `--db`)", "warehouse"),
    _s("SITE_DIR", "text", None,
       "folder the `ingest` flow rebuilds the static site into after each successful run (also the flow's "
       "`site_dir`); unset: no site", "warehouse"),
    _s("SITE_URL", "text", None,
       "the site's public address, e.g. `https://example.org/kv/` (also `kamervragen site --base-url`): "
       "absolute links in feeds and calendars, `<link rel=\"canonical\">` and `sitemap.xml`; unset: every "
       "link relative, no sitemap", "warehouse"),
    _s("SITE_MEMORY_LIMIT", "size", "128MB",
       "DuckDB memory limit while the site reads its lists and tables (the aggregates over every set)",
       "warehouse"),
    _s("SITE_STREAM_MEMORY_LIMIT", "size", "40MB",
       "DuckDB memory limit while the site's pages are written (the texts of 500 sets at a time)", "warehouse"),
    _s("SRU_URL", "text", "https://repository.overheid.nl/sru", "the SRU endpoint (also `--sru-url`)",
       "source"),
    # --- the source's query vocabulary (unverified against the live service: docs/source.md §2)
    _s("BASE_FILTER", "text", 'c.product-area=="officielepublicaties"',
       "CQL clause every query starts with", "source"),
    _s("SERIES_QUESTIONS", "text", 'w.publicatienaam=="Kamervragen zonder antwoord"',
       "CQL clause of the questions series", "source"),
    _s("SERIES_ANSWERS", "text", 'w.publicatienaam=="Kamervragen (Aanhangsel)"',
       "CQL clause of the answers series (answers and notices)", "source"),
    _s("INCREMENTAL_DATE_INDEX", "text", "dt.modified", "date index of incremental runs", "source"),
    _s("BACKFILL_DATE_INDEX", "text", "dt.date", "date index of backfills", "source"),
    _s("TK_URL", "text", "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0",
       "the Tweede Kamer SyncFeed base (also `--tk-url`); the feed is `<base>/Feed?category=Zaak`", "source"),
    _s("TK_GRACE_DAYS", "int", 14,
       "days a set may be known to one source only (or an answer or notice to one) before it is a disagreement",
       "source", minimum=0),
    _s("TK_START_MARGIN_DAYS", "int", 30,
       "a first TK sync with a horizon (ingest --since D, the first 60-day run) starts this many days before D; "
       "older records come with `tk-sync --full`", "source", minimum=30),
    _s("PAGE_SIZE", "int", 1000, "SRU `maximumRecords` asked for (the server may return fewer)", "source",
       minimum=1),
    # --- HTTP
    _s("USER_AGENT", "text", None,
       "User-Agent sent with every request (add a contact); default `kamervragen-pipeline/<version> (…)`",
       "http"),
    _s("CONNECT_TIMEOUT", "float", 10.0, "seconds to connect", "http", minimum=0),
    _s("READ_TIMEOUT", "float", 60.0, "seconds to wait for a response", "http", minimum=0),
    _s("WRITE_TIMEOUT", "float", 30.0, "seconds to send a request", "http", minimum=0),
    _s("POOL_TIMEOUT", "float", 60.0, "seconds to wait for a free connection", "http", minimum=0),
    _s("MAX_CONCURRENCY", "int", 4, "requests in flight per host (document fetches)", "http", minimum=1),
    _s("MIN_INTERVAL", "float", 0.5,
       "seconds between two requests to one host (politeness); 0 disables pacing for every host, the TK's too",
       "http", minimum=0),
    _s("TK_MIN_INTERVAL", "float", 0.25,
       "seconds between two requests to the Tweede Kamer's SyncFeed host: at most 4 a second (the portal "
       "publishes no limit; other clients pause 0.1 s between pages)", "http", minimum=0),
    _s("MAX_ATTEMPTS", "int", 5,
       "tries per request for 429/5xx/timeouts/connection errors (exponential back-off with jitter)",
       "http", minimum=1),
    _s("BACKOFF_BASE", "float", 1.0, "seconds; the n-th back-off is base * 2**n plus jitter", "http",
       minimum=0),
    _s("BACKOFF_MAX", "float", 60.0, "longest single back-off, seconds", "http", minimum=0),
    _s("MAX_RETRY_WAIT", "float", 120.0, "longest `Retry-After` honoured, seconds", "http", minimum=0),
    _s("MAX_BYTES", "int", 50 * 1024 * 1024, "largest response accepted, bytes", "http", minimum=1),
    _s("MAX_REDIRECTS", "int", 10,
       "redirects followed; a redirect to an error page (`fout404`, `Errors/404.htm`) is a not-found",
       "http", minimum=0),
    # --- ingest
    _s("OVERLAP_DAYS", "int", 2, "days an incremental run re-reads before its watermark", "ingest"),
    _s("MAX_REJECT_LOOKUPS", "int", 200, "open rejects looked up again per run", "ingest", minimum=0),
    _s("TEXTS_PER_RUN", "int", 100,
       "texts that decide no verdict an ingest run fetches at most (the rest stay queued for the next run; "
       "texts a status depends on are always fetched); 0 = no limit", "ingest", minimum=0),
    # --- backfill
    _s("BACKFILL_MAX_WINDOW", "int", 10_000,
       "most records in one date window; a bigger window is split in halves (also `--max-window`)",
       "backfill", minimum=1),
    _s("BACKFILL_CONCURRENCY", "int", 2, "windows fetched at the same time", "backfill", minimum=1),
    _s("BACKFILL_PARSE_WORKERS", "int", None,
       "processes parsing SRU pages (default by core count: `default_parse_workers`; 0 = inline)",
       "backfill", minimum=0),
    _s("BACKFILL_BATCH", "int", 5_000, "records per load transaction", "backfill", minimum=1),
    _s("BACKFILL_TEXT_BATCH", "int", 500, "documents per transaction in the text pass", "backfill", minimum=1),
    _s("BACKFILL_MEMORY_LIMIT", "size", "96MB", "DuckDB memory limit during a backfill", "backfill"),
    _s("BACKFILL_CHECKPOINT", "size", "32MB", "DuckDB checkpoint threshold during a backfill", "backfill"),
    _s("BACKFILL_REBUILD", "choice", "end",
       "when question sets are re-derived: `end` (once, after loading) or `batch`", "backfill",
       choices=("end", "batch")),
    # --- the rule and the warehouse
    _s("TERM_DAYS", "int", 21, "the answering term, days (the Chamber's rule: 3 weeks)", "warehouse",
       minimum=1),
    _s("EXTENSION_DAYS", "int", 21, "days a delay notice adds to the term", "warehouse", minimum=1),
    _s("MEMORY_LIMIT", "size", "256MB",
       "DuckDB memory limit of writers (ingest, alerts, snapshot publishing); the rest spills to `<db>.tmp`",
       "warehouse"),
    _s("MCP_QUERY_SECONDS", "float", 5.0,
       "`kamervragen mcp`: a query running longer than this is interrupted and the call refused", "warehouse",
       minimum=0.1),
    _s("LOCK_WAIT", "float", 0.0, "seconds a second writer waits for the lock before giving up", "warehouse",
       minimum=0),
    # --- alerts
    _s("NOTIFY", "secret", None, "notification URLs (apprise), separated by commas or newlines", "alerts"),
    _s("NOTIFY_BLOCK", "text", None,
       "name of a Prefect Secret block holding the URLs (a string like the above, or a JSON list)", "alerts"),
    _s("ALERT_WINDOW_DAYS", "int", 7,
       "the no-flood window: only deadlines crossed this many days ago or less (also `--window-days`)",
       "alerts", minimum=1),
    _s("STALE_HOURS", "float", 6.0, "`ingest_stale` after this many hours without a successful ingest",
       "alerts", above=0),
    _s("WATCHLIST", "text", None, "watch-list file merged into `watchlist` (also `--watchlist`)", "alerts"),
)
SETTINGS: Mapping[str, Setting] = {s.name: s for s in _ALL}


def setting(name: str) -> Setting:
    """The `Setting` called `name` (with or without the `KAMERVRAGEN_` prefix)."""
    try:
        return SETTINGS[name.removeprefix(PREFIX)]
    except KeyError:
        raise KeyError(f"no setting {name!r}: see config.SETTINGS") from None


def raw(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The variable's text, stripped; None when unset or blank."""
    env = os.environ if environ is None else environ
    value = env.get(setting(name).env)
    return value.strip() if value is not None and value.strip() else None


def get(name: str, environ: Mapping[str, str] | None = None, default: Any = None) -> Any:
    """The parsed value of setting `name`: from the environment, else its default (else `default`).

    Raises ValueError naming the variable when the text does not parse or is out of range.
    """
    s = setting(name)
    text = raw(name, environ)
    if text is None:
        return s.default if s.default is not None else default
    return parse(s, text)


def parse(s: Setting, text: str) -> Any:
    """`text` as the value of `s`; ValueError naming the variable otherwise."""
    if s.kind in ("text", "secret"):
        return text
    if s.kind == "size":
        return check_size(s.env, text)
    if s.kind == "choice":
        if text not in s.choices:
            raise ValueError(f"{s.env}={text!r} must be one of {', '.join(s.choices)}")
        return text
    number: int | float
    try:
        number = int(text) if s.kind == "int" else float(text)
    except ValueError:
        what = "an integer" if s.kind == "int" else "a number"
        raise ValueError(f"{s.env}={text!r} is not {what}") from None
    if s.minimum is not None and number < s.minimum:
        raise ValueError(f"{s.env}={number} must be >= {s.minimum:g}")
    if s.above is not None and number <= s.above:
        raise ValueError(f"{s.env}={number} must be > {s.above:g}")
    return number


def check_size(name: str, value: str) -> str:
    """`value` if it is a DuckDB size such as '256MB' or '1GiB'; a ValueError naming `name` otherwise."""
    if not _SIZE.match(value):
        raise ValueError(f"{name}={value!r} is not a size such as '256MB' or '1GiB'")
    return value


def in_effect(environ: Mapping[str, str] | None = None) -> list[tuple[Setting, str, str]]:
    """(setting, value shown, where it comes from) for every setting; secrets are masked."""
    rows = []
    for s in _ALL:
        text = raw(s.name, environ)
        if text is None:
            shown = "(computed)" if s.default is None else str(s.default)
            rows.append((s, shown if s.kind != "secret" else "(unset)", "default"))
            continue
        try:
            value = str(parse(s, text))
            origin = "environment"
        except ValueError as exc:
            value, origin = text, f"INVALID: {exc}"
        rows.append((s, "***" if s.kind == "secret" else value, origin))
    return rows


def markdown_table() -> str:
    """Every setting as a markdown table (the one in docs/configuration.md)."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for s in _ALL:
        default = "(computed)" if s.default is None else f"`{s.default}`"
        lines.append(f"| `{s.env}` | {default} | {s.help} |")
    return "\n".join(lines)
