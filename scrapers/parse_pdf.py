"""PDF → `Document`, for unformatted ("Onopgemaakt") documents that exist only as PDF.

The text is extracted with pypdf in layout mode (which keeps each superscript footnote
marker glued to the word before it and shows vertical space as blank lines), then cleaned
by the rules below and parsed like any text (`scrapers.parse_text`).
Real samples: `ah-tk-20232024-1314.pdf`, `ah-tk-20232024-2271.pdf`.

Rules (checked against the real samples, see tests/test_parsers_real_samples.py):
- page furniture (running heads and footers, page numbers, the ISSN line, the doc id in the
  margin) is dropped; the first page's masthead stays (it states vergaderjaar and number);
- footnotes: the footnote area starts at the first line, in the lower part of a page, that
  begins with the next expected footnote number; it and everything below it are dropped.
  A footnote *marker* in the text (the superscript number) is removed where it is glued to
  the preceding word or punctuation and its number is one the page's footnote area lists,
  in order ("is?1" → "is?"). Other numbers are never touched;
- a spacing accent the typesetter placed after its letter ("Kostic´") is composed with it
  ("Kostić") when Unicode has that letter;
- vertical space on the page (a blank line) separates paragraphs, a page break does not (the
  space around page furniture and footnotes is not the text's); the lines of a paragraph are
  joined by `parse_text` (a line-end hyphen between lower-case letters is a hyphenation).
  These typeset PDFs put no space between the paragraphs of one answer, so an answer's
  paragraphs come out as one.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from schemas.document import Document, ParseError
from scrapers.parse_text import FURNITURE_RE as _FURNITURE
from scrapers.parse_text import parse_text

logging.getLogger("pypdf").setLevel(logging.ERROR)

# A footnote line: its number, then (in layout mode) at least two spaces, then the note.
_FOOTNOTE_START = re.compile(r"^\s*(\d{1,3})\s{2,}\S")
# Spacing accents → the combining mark they stand for.
_SPACING_ACCENTS = {
    "´": "\u0301", "`": "\u0300", "¨": "\u0308", "ˆ": "\u0302",
    "˜": "\u0303", "¸": "\u0327", "ˇ": "\u030c", "˚": "\u030a",
}
_ACCENT_RE = re.compile(r"([^\W\d_])([" + "".join(_SPACING_ACCENTS) + r"])")
# A marker follows a letter or closing punctuation directly (no space) and is not followed
# by another digit.
_MARKER_BEFORE = r"(?<=[^\W\d_]|[.,;:?!»”’)\]])"


def pdf_text(data: bytes, doc_id: str | None = None) -> tuple[str, str | None]:
    """The text of a PDF with page furniture, footnotes and footnote markers removed, and
    the document id printed in its margin (None when there is none)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except PdfReadError as exc:
        raise ParseError(doc_id, "pdf", f"unreadable PDF: {exc}") from None
    except Exception as exc:
        raise ParseError(doc_id, "pdf", f"unreadable PDF ({type(exc).__name__}): {exc}") from None
    doc_ids = [m[0] for p in pages if (m := re.search(r"\b(?:ah|kv)-[\w-]+\b", p))]
    next_note = 1
    kept: list[str] = []
    for page in pages:
        lines = [ln.rstrip() for ln in page.splitlines()]
        lines = ["" if _FURNITURE.match(ln) else ln for ln in lines]
        while lines and not lines[-1].strip():
            lines.pop()
        cut = len(lines)
        for i in range(len(lines) // 3, len(lines)):
            m = _FOOTNOTE_START.match(lines[i])
            if m and int(m[1]) == next_note:
                cut = i
                break
        numbers: list[int] = []
        for ln in lines[cut:]:
            m = _FOOTNOTE_START.match(ln)
            if m and int(m[1]) == next_note:
                numbers.append(next_note)
                next_note += 1
        body = _remove_markers("\n".join(ln.strip() for ln in lines[:cut]), numbers)
        kept.append(body.strip("\n"))
    return _compose_accents("\n".join(kept)), (doc_ids[0] if doc_ids else None)


def _remove_markers(text: str, numbers: list[int]) -> str:
    """Remove the markers of this page's footnotes, in order (see the module rules)."""
    pos = 0
    for n in numbers:
        m = re.compile(_MARKER_BEFORE + str(n) + r"(?!\d)").search(text, pos)
        if m is None:
            continue
        text = text[: m.start()] + text[m.end() :]
        pos = m.start()
    return text


def _compose_accents(text: str) -> str:
    def compose(m: re.Match[str]) -> str:
        joined = unicodedata.normalize("NFC", m[1] + _SPACING_ACCENTS[m[2]])
        return joined if len(joined) == 1 else m[0]

    return _ACCENT_RE.sub(compose, text)


def parse_pdf(data: bytes, *, doc_id: str | None = None, source: str | None = None) -> Document:
    """Parse a PDF manifestation."""
    text, printed_id = pdf_text(data, doc_id)
    if not text.strip():
        raise ParseError(doc_id, "pdf", "no text in the PDF (scanned image?)")
    doc = parse_text(text, doc_id=doc_id or printed_id, manifestation="pdf", source=source)
    if doc.aanhangselnummer is None and (
        m := re.search(r"gegeven\s+antwoorden\s*\n\s*(\d+)\s*\n", text)
    ):
        doc.aanhangselnummer = m[1]
    return doc
