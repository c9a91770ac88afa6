"""The scrapers' HTTP and SRU settings: `ClientSettings`, and the fixed SRU vocabulary.

The overridable values (endpoint, CQL clauses, timeouts, politeness…) are `KAMERVRAGEN_*` settings
defined with their defaults in `config.py`; `ClientSettings.from_env()` reads them at call time,
so every value can be overridden without touching code (the live service was not reachable when
these were chosen; see `docs/source.md` §2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata

import config

# --- Endpoints (defaults of the settings) --------------------------------------------------------
DEFAULT_SRU_URL: str = config.setting("SRU_URL").default
DEFAULT_REPOSITORY_URL = "https://repository.overheid.nl"
DEFAULT_ZOEK_URL = "https://zoek.officielebekendmakingen.nl"

# --- CQL -------------------------------------------------------------------------------------
BASE_FILTER: str = config.setting("BASE_FILTER").default
SERIES: Mapping[str, str] = {
    "questions": config.setting("SERIES_QUESTIONS").default,
    # Answers AND delay/withdrawal notices share this series (subrubriek Antwoord / Mededeling).
    "answers": config.setting("SERIES_ANSWERS").default,
}
INCREMENTAL_DATE_INDEX: str = config.setting("INCREMENTAL_DATE_INDEX").default
BACKFILL_DATE_INDEX: str = config.setting("BACKFILL_DATE_INDEX").default
IDENTIFIER_INDEX = "dt.identifier"
SRU_VERSION = "2.0"
SRU_RECORD_SCHEMA = "gzd"

# --- Paging ----------------------------------------------------------------------------------
DEFAULT_PAGE_SIZE = config.setting("PAGE_SIZE").default

# --- HTTP ------------------------------------------------------------------------------------
CONNECT_TIMEOUT = config.setting("CONNECT_TIMEOUT").default
READ_TIMEOUT = config.setting("READ_TIMEOUT").default
WRITE_TIMEOUT = config.setting("WRITE_TIMEOUT").default
POOL_TIMEOUT = config.setting("POOL_TIMEOUT").default
MAX_CONCURRENCY = config.setting("MAX_CONCURRENCY").default
MIN_INTERVAL = config.setting("MIN_INTERVAL").default
MAX_ATTEMPTS = config.setting("MAX_ATTEMPTS").default
BACKOFF_BASE = config.setting("BACKOFF_BASE").default
BACKOFF_MAX = config.setting("BACKOFF_MAX").default
MAX_RETRY_WAIT = config.setting("MAX_RETRY_WAIT").default
MAX_BYTES = config.setting("MAX_BYTES").default
MAX_REDIRECTS = config.setting("MAX_REDIRECTS").default
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
        def get(name: str) -> object:
            return config.get(name, environ)

        return cls(
            sru_url=get("SRU_URL"),
            page_size=get("PAGE_SIZE"),
            base_filter=get("BASE_FILTER"),
            series={"questions": get("SERIES_QUESTIONS"), "answers": get("SERIES_ANSWERS")},
            incremental_date_index=get("INCREMENTAL_DATE_INDEX"),
            backfill_date_index=get("BACKFILL_DATE_INDEX"),
            user_agent=config.get("USER_AGENT", environ, default=default_user_agent()),
            connect_timeout=get("CONNECT_TIMEOUT"),
            read_timeout=get("READ_TIMEOUT"),
            write_timeout=get("WRITE_TIMEOUT"),
            pool_timeout=get("POOL_TIMEOUT"),
            max_concurrency=get("MAX_CONCURRENCY"),
            min_interval=get("MIN_INTERVAL"),
            max_attempts=get("MAX_ATTEMPTS"),
            backoff_base=get("BACKOFF_BASE"),
            backoff_max=get("BACKOFF_MAX"),
            max_retry_wait=get("MAX_RETRY_WAIT"),
            max_bytes=get("MAX_BYTES"),
            max_redirects=get("MAX_REDIRECTS"),
        )
