"""PDF → `Document`, for unformatted ("Onopgemaakt") documents that exist only as PDF.

The text is extracted with pypdf, the page furniture (running heads, footers, ISSN line)
and footnotes are removed, and the rest is parsed like any text (`scrapers.parse_text`).
Real samples: `ah-tk-20232024-1314.pdf`, `ah-tk-20232024-2271.pdf`.
"""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from schemas.document import Document, ParseError
from scrapers.parse_text import FURNITURE_RE as _FURNITURE
from scrapers.parse_text import parse_text

logging.getLogger("pypdf").setLevel(logging.ERROR)

_FOOTNOTE_START = re.compile(r"^\s*(\d{1,3})\s+\S")


def pdf_text(data: bytes, doc_id: str | None = None) -> str:
    """The text of a PDF with page furniture and footnotes removed."""
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise ParseError(doc_id, "pdf", f"unreadable PDF: {exc}") from None
    except Exception as exc:
        raise ParseError(doc_id, "pdf", f"unreadable PDF ({type(exc).__name__}): {exc}") from None
    doc_ids = [m[0] for p in pages if (m := re.search(r"\b(?:ah|kv)-[\w-]+\b", p))]
    next_note = 1
    kept: list[str] = []
    for page in pages:
        lines = [ln for ln in page.splitlines() if not _FURNITURE.match(ln)]
        while lines and not lines[-1].strip():
            lines.pop()
        cut = len(lines)
        for i in range(len(lines) // 3, len(lines)):
            m = _FOOTNOTE_START.match(lines[i])
            if m and int(m[1]) == next_note:
                cut = i
                break
        notes = [ln for ln in lines[cut:] if _FOOTNOTE_START.match(ln)]
        for ln in notes:
            n = int(_FOOTNOTE_START.match(ln)[1])  # type: ignore[index]
            if n == next_note:
                next_note += 1
        kept.extend(lines[:cut])
    text = "\n".join(kept)
    if doc_ids:
        text += f"\n\n{doc_ids[0]}\n"
    return text


def parse_pdf(data: bytes, *, doc_id: str | None = None, source: str | None = None) -> Document:
    """Parse a PDF manifestation."""
    text = pdf_text(data, doc_id)
    if not text.strip():
        raise ParseError(doc_id, "pdf", "no text in the PDF (scanned image?)")
    doc = parse_text(text, doc_id=doc_id, manifestation="pdf", source=source)
    if doc.aanhangselnummer is None and (
        m := re.search(r"gegeven\s+antwoorden\s*\n\s*(\d+)\s*\n", text)
    ):
        doc.aanhangselnummer = m[1]
    return doc
