"""Every URL, CQL fragment and HTTP default of the scrapers, in one place.

Module constants are the built-in defaults. `ClientSettings.from_env()` reads the
`KAMERVRAGEN_*` environment variables at call time, so every value can be overridden
without touching code (the live service was not reachable when these were chosen; see
`docs/source.md` §2).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata

# --- Endpoints -------------------------------------------------------------------------------
DEFAULT_SRU_URL = "https://repository.overheid.nl/sru"
DEFAULT_REPOSITORY_URL = "https://repository.overheid.nl"
DEFAULT_ZOEK_URL = "https://zoek.officielebekendmakingen.nl"

# --- CQL -------------------------------------------------------------------------------------
BASE_FILTER = 'c.product-area=="officielepublicaties"'
SERIES: Mapping[str, str] = {
    "questions": 'w.publicatienaam=="Kamervragen zonder antwoord"',
    # Answers AND delay/withdrawal notices share this series (subrubriek Antwoord / Mededeling).
    "answers": 'w.publicatienaam=="Kamervragen (Aanhangsel)"',
}
INCREMENTAL_DATE_INDEX = "dt.modified"
BACKFILL_DATE_INDEX = "dt.date"
IDENTIFIER_INDEX = "dt.identifier"
SRU_VERSION = "2.0"
SRU_RECORD_SCHEMA = "gzd"

# --- Paging ----------------------------------------------------------------------------------
DEFAULT_PAGE_SIZE = 1000

# --- HTTP ------------------------------------------------------------------------------------
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
WRITE_TIMEOUT = 30.0
POOL_TIMEOUT = 60.0
MAX_CONCURRENCY = 4
MIN_INTERVAL = 0.5  # seconds between two requests to the same host; 0 disables
MAX_ATTEMPTS = 5
BACKOFF_BASE = 1.0  # seconds; exponential: base * 2**n, plus jitter up to base
BACKOFF_MAX = 60.0
MAX_RETRY_WAIT = 120.0  # cap on a server's Retry-After
MAX_BYTES = 50 * 1024 * 1024
MAX_REDIRECTS = 10
# Final URLs of the error pages the site redirects missing documents to (case-insensitive).
NOT_FOUND_URL_PATTERN = r"fout404|errors/404\.htm"


def package_version() -> str:
    """Installed version of the `kamervragen` package, or the source default."""
    try:
        return metadata.version("kamervragen")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def default_user_agent() -> str:
    """Descriptive User-Agent; operators add a contact with `KAMERVRAGEN_USER_AGENT`."""
    return f"kamervragen-pipeline/{package_version()} (open-data research on Kamervragen; python-httpx)"


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    return value.strip() if value is not None and value.strip() else None


def _str(env: Mapping[str, str], name: str, default: str) -> str:
    return _get(env, name) or default


def env_int(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    """The integer in `env[name]` (default when unset or blank); a clear ValueError otherwise."""
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not an integer") from None
    if value < minimum:
        raise ValueError(f"{name}={value} must be >= {minimum}")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if value < 0:
        raise ValueError(f"{name}={value} must be >= 0")
    return value


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """HTTP and SRU settings; `from_env()` applies the `KAMERVRAGEN_*` overrides."""

    sru_url: str = DEFAULT_SRU_URL
    page_size: int = DEFAULT_PAGE_SIZE
    base_filter: str = BASE_FILTER
    series: Mapping[str, str] = field(default_factory=lambda: dict(SERIES))
    incremental_date_index: str = INCREMENTAL_DATE_INDEX
    backfill_date_index: str = BACKFILL_DATE_INDEX
    user_agent: str = field(default_factory=default_user_agent)
    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT
    write_timeout: float = WRITE_TIMEOUT
    pool_timeout: float = POOL_TIMEOUT
    max_concurrency: int = MAX_CONCURRENCY
    min_interval: float = MIN_INTERVAL
    max_attempts: int = MAX_ATTEMPTS
    backoff_base: float = BACKOFF_BASE
    backoff_max: float = BACKOFF_MAX
    max_retry_wait: float = MAX_RETRY_WAIT
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ClientSettings:
        """Defaults overridden by `KAMERVRAGEN_*` variables (from `environ`, else `os.environ`).

        Raises ValueError naming the variable when a value does not parse.
        """
        env = os.environ if environ is None else environ
        return cls(
            sru_url=_str(env, "KAMERVRAGEN_SRU_URL", DEFAULT_SRU_URL),
            page_size=env_int(env, "KAMERVRAGEN_PAGE_SIZE", DEFAULT_PAGE_SIZE),
            base_filter=_str(env, "KAMERVRAGEN_BASE_FILTER", BASE_FILTER),
            series={
                "questions": _str(env, "KAMERVRAGEN_SERIES_QUESTIONS", SERIES["questions"]),
                "answers": _str(env, "KAMERVRAGEN_SERIES_ANSWERS", SERIES["answers"]),
            },
            incremental_date_index=_str(
                env, "KAMERVRAGEN_INCREMENTAL_DATE_INDEX", INCREMENTAL_DATE_INDEX
            ),
            backfill_date_index=_str(env, "KAMERVRAGEN_BACKFILL_DATE_INDEX", BACKFILL_DATE_INDEX),
            user_agent=_str(env, "KAMERVRAGEN_USER_AGENT", default_user_agent()),
            connect_timeout=_float(env, "KAMERVRAGEN_CONNECT_TIMEOUT", CONNECT_TIMEOUT),
            read_timeout=_float(env, "KAMERVRAGEN_READ_TIMEOUT", READ_TIMEOUT),
            write_timeout=_float(env, "KAMERVRAGEN_WRITE_TIMEOUT", WRITE_TIMEOUT),
            pool_timeout=_float(env, "KAMERVRAGEN_POOL_TIMEOUT", POOL_TIMEOUT),
            max_concurrency=env_int(env, "KAMERVRAGEN_MAX_CONCURRENCY", MAX_CONCURRENCY),
            min_interval=_float(env, "KAMERVRAGEN_MIN_INTERVAL", MIN_INTERVAL),
            max_attempts=env_int(env, "KAMERVRAGEN_MAX_ATTEMPTS", MAX_ATTEMPTS),
            backoff_base=_float(env, "KAMERVRAGEN_BACKOFF_BASE", BACKOFF_BASE),
            backoff_max=_float(env, "KAMERVRAGEN_BACKOFF_MAX", BACKOFF_MAX),
            max_retry_wait=_float(env, "KAMERVRAGEN_MAX_RETRY_WAIT", MAX_RETRY_WAIT),
            max_bytes=env_int(env, "KAMERVRAGEN_MAX_BYTES", MAX_BYTES),
            max_redirects=env_int(env, "KAMERVRAGEN_MAX_REDIRECTS", MAX_REDIRECTS, minimum=0),
        )
