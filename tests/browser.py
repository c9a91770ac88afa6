"""Headless system Chromium for the browser tests (Debian's /usr/bin/chromium driven through
Playwright's `executable_path`; never `playwright install`). Not a test module.

A browser test is marked `browser` (deselect with `-m "not browser"`) and `needs_chromium`: it skips
only when Chromium is absent and CI is not set; in CI it runs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]  # --headless: added by headless=True

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason=f"{CHROMIUM} not installed (apt-get install chromium; CI installs it and never skips this test)",
)


def chromium_context(tmp_path_factory: pytest.TempPathFactory, width: int) -> Iterator[object]:
    """Headless system Chromium with a fresh --user-data-dir and a `width` × 900 viewport (the browser
    fixtures of tests/test_report.py and tests/test_site_browser.py)."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


def open_page(context: object, path: Path) -> tuple[object, list[str], list[str]]:
    """Open `path`; return the page, the console errors, and every request that left the page."""
    page = context.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))

    def seen(request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        if not url.startswith(("file://", "data:", "blob:", "about:")):
            outside.append(url)

    page.on("request", seen)
    page.route(re.compile(r"^(?!file:|data:|blob:|about:).*"), lambda route: route.abort())  # offline, provably
    page.goto(path.as_uri())
    return page, errors, outside
