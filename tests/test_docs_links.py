"""Every link and image in README.md and docs/*.md resolves inside the repository.

A relative link must name an existing file (or folder) of the repository, and a `#anchor` an
existing heading of the Markdown file it points to (GitHub's slugs). Nothing may point outside
the repository root (`../shared/...`), nor by an absolute path or a `file:` URL; `http(s)` and
`mailto` links to the outside world are fine. Links in code spans and fenced code are not links.
README.md stays short: at most 200 lines, the rest lives in docs/.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
README_MAX_LINES = 200
EXTERNAL = re.compile(r"^(?:https?|mailto):", re.IGNORECASE)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# [text](target "title") and ![alt](target); the text may hold one level of brackets (a badge)
INLINE = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+[\"'(][^)]*)?\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
HTML = re.compile(r"""<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def prose_lines(text: str, blank_code: bool = True) -> list[tuple[int, str]]:
    """(line number, line) outside fenced code blocks, with code spans blanked out unless told."""
    out, fence = [], ""
    for n, line in enumerate(text.split("\n"), 1):
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = ""
            continue
        if m:
            fence = m.group(1)
            continue
        out.append((n, CODE_SPAN.sub(lambda s: " " * len(s.group(0)), line) if blank_code else line))
    return out


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: its text, lower case, punctuation dropped, spaces → hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link or image: its text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "")
    text = re.sub(r"(\*+|(?<!\w)_+|_+(?!\w))", "", text)  # emphasis marks, not snake_case
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for _, line in prose_lines(path.read_text("utf-8"), blank_code=False):
        m = HEADING.match(line)
        if not m:
            continue
        base = slug(m.group(2))
        n = seen.get(base, 0)
        seen[base] = n + 1
        found.add(base if n == 0 else f"{base}-{n}")
    return found


def links(path: Path) -> list[tuple[int, str]]:
    """(line, target) of every inline link, image, reference definition and HTML href/src."""
    raw = path.read_text("utf-8")
    found = []
    for n, line in prose_lines(raw):
        found += [(n, m.group(1)) for m in INLINE.finditer(line)]
        found += [(n, m.group(1)) for m in HTML.finditer(line)]
        m = REFERENCE.match(line)
        if m:
            found.append((n, m.group(1)))
    return found


def problems(path: Path, root: Path = ROOT) -> list[str]:
    """Why each bad link of `path` is bad (empty when all resolve inside `root`)."""
    root = root.resolve()
    bad = []
    for n, target in links(path):
        where = f"{path.relative_to(root)}:{n}: {target}"
        if EXTERNAL.match(target):
            continue
        if SCHEME.match(target) or target.startswith(("/", "\\")):
            bad.append(f"{where}: not a relative link inside the repository")
            continue
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / unquote(file_part)).resolve() if file_part else path.resolve()
        if not dest.is_relative_to(root):
            bad.append(f"{where}: points outside the repository")
        elif not dest.exists():
            bad.append(f"{where}: no such file")
        elif anchor and dest.suffix == ".md" and unquote(anchor).lower() not in anchors(dest):
            bad.append(f"{where}: no heading #{anchor} in {dest.relative_to(root)}")
    return bad


def test_every_link_resolves_inside_the_repository() -> None:
    docs = documents()
    assert len(docs) >= 10  # README plus the docs/ pages: a scan of nothing proves nothing
    assert sum(len(links(p)) for p in docs) >= 40
    assert [b for p in docs for b in problems(p)] == []


def test_the_readme_is_short() -> None:
    lines = (ROOT / "README.md").read_text("utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES


def test_the_readme_links_its_screenshot() -> None:
    assert "docs/site-set-page.png" in [t for _, t in links(ROOT / "README.md")]


def test_the_checker_catches_bad_links(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (tmp_path / "outside.md").write_text("# Outside\n")
    (repo / "docs" / "there.md").write_text("# There\n\n## `status_as_of(d)`: on any date\n\n```sh\n# not a heading\n```\n")
    page = repo / "docs" / "page.md"
    page.write_text(
        "# Page\n\n"
        "[fine](there.md) [fine anchor](there.md#status_as_ofd-on-any-date) [self](#page) "
        "[web](https://duckdb.org/docs/) ![img](there.md)\n"
        "[gone](missing.md) [bad anchor](there.md#not-a-heading) [fenced heading](there.md#not-a-heading-1)\n"
        "[up and out](../../outside.md) ![abs](/etc/passwd) [file](file:///etc/passwd)\n"
        "`[in code](missing-too.md)`\n\n"
        "```md\n[in a fence](missing-three.md)\n```\n\n"
        "[ref]: ../../outside.md\n"
    )
    found = problems(page, root=repo)
    assert found == [
        "docs/page.md:4: missing.md: no such file",
        "docs/page.md:4: there.md#not-a-heading: no heading #not-a-heading in docs/there.md",
        "docs/page.md:4: there.md#not-a-heading-1: no heading #not-a-heading-1 in docs/there.md",
        "docs/page.md:5: ../../outside.md: points outside the repository",
        "docs/page.md:5: /etc/passwd: not a relative link inside the repository",
        "docs/page.md:5: file:///etc/passwd: not a relative link inside the repository",
        "docs/page.md:12: ../../outside.md: points outside the repository",
    ]


def test_slugs_follow_github() -> None:
    # worked by hand from GitHub's rule: lower case, punctuation but - and _ dropped, spaces → hyphens
    assert slug("`kamervragen parse PATH...`") == "kamervragen-parse-path"
    assert slug("How the backfill gets to ≈1 request per 1,000 documents") == (
        "how-the-backfill-gets-to-1-request-per-1000-documents")
    assert slug("Review flags: `needs_review`, `review_reasons`") == "review-flags-needs_review-review_reasons"
    assert slug("Corrections (overrides)") == "corrections-overrides"
    assert slug("In the terminal: `status`, `show`, `review`") == "in-the-terminal-status-show-review"


def test_the_readme_test_command_is_what_ci_runs() -> None:
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()]
    assert ci[-1] == "bash scripts/test.sh"
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "\nbash scripts/test.sh           # ruff + pytest; this is exactly what CI (.ci/run) runs\n" in readme
    assert "\nbash scripts/test.sh --fast " in readme
