"""Plain text → `Document`: the text of a PDF, or a `.txt` such as the seed answer text.

Headers ("Vragen van … (ingezonden …)", "Antwoord van … (ontvangen …)") are found in the
running text, items by their labels ("Vraag 1" / "Antwoord 1") or, failing those, by the
numbered form "1. <question>" followed by the answer paragraphs.
"""

from __future__ import annotations

import re

from schemas.document import Document, ParseError
from schemas.identifiers import DOC_ID_RE, fill_from_doc_id, normalise_vergaderjaar
from scrapers.body import Block, Body, build_document, parse_label
from scrapers.text_header import NOTICE_HEADER_END

_QUESTION_HEADER_RE = re.compile(
    r"(?m:^)\s*(?:Mondelinge\s+|Schriftelijke\s+)?Vragen\s+van\s+(?:de\s+leden|het\s+lid)\b.*?"
    r"(?:\(\s*(?:ingezonden\s*\(\s*)?ingezonden\b[^)]*\)\s*\.?|medegedeeld\b[^.]*\.)",
    re.I | re.S,
)
_ANSWER_HEADER_RE = re.compile(
    r"(?m:^)\s*(?:(?:Nader|Aanvullend)e?\s+)?Antwoord\s+van\s+.*?"
    r"\(\s*(?:ontvangen\s*\(\s*)?ontvangen\b[^)]*\)\)?\s*\.?"
    r"(?:\s*Zie\s+ook\s+Aanhangsel.*?nrs?\.?\s*[\d\sen,]+\.?)?",
    re.I | re.S,
)
_NOTICE_HEADER_RE = re.compile(rf"(?m:^)\s*Mededeling\s+van\s+.{{0,400}}?(?:{NOTICE_HEADER_END})", re.I | re.S)
# The section that ends a notice's repeated questions: a line "Mededeling" on its own.
_NOTICE_SECTION_RE = re.compile(r"(?m)^[ \t]*Mededeling[ \t]*:?[ \t]*$", re.I)
# Page furniture of the Aanhangsel PDFs: ISSN line, place and year, running head, document id.
FURNITURE_RE = re.compile(
    r"^\s*(?:ISSN\s+\d{4}\s*-\s*\d{4}|[’']s-Gravenhage\s+\d{4}.*"
    r"|(?:Tweede|Eerste)\s+Kamer,\s+vergaderjaar\s+\d{4}\s*[-–]\s*\d{4},\s+Aanhangsel(?:\s+\d+)?"
    r"|(?:ah|kv)-[\w-]+)\s*$",
    re.I,
)
_NOTICE_RE = re.compile(
    r"(?m:^)\s*(Mededeling\b.*|Hierbij\s+deel\s+ik\s+u\s+mede.*|Uitstel\s+beantwoording\b.*)",
    re.I | re.S,
)
_LABEL_LINE_RE = re.compile(
    r"^\s*(?:Vraag|Vragen|Antwoord|Antwoorden)\s+(?:op\s+(?:de\s+)?vra(?:ag|gen)\s+)?"
    r"\d+(?:\s*(?:,|en|-|t/m)\s*\d+)*\s*:?\s*$",
    re.I,
)
# The footnote box of a zoek.officielebekendmakingen.nl page as its text shows it: a line
# "X Noot" / "Noot" / "Noten" (real sample: kv-tk-2011Z04442.zoek-page.text-excerpt.txt).
_NOTES_HEADING_RE = re.compile(r"(?m)^[ \t]*(?:X[ \t]+)?No(?:ot|ten)[ \t]*$")
_NUMBERED_RE = re.compile(r"^\s*(\d{1,3})[.)]\s+(\S.*)$")
_VERGADERJAAR_RE = re.compile(r"[Vv]ergaderjaar\s+(\d{4}\s*[-–]\s*\d{4})")
TEXT_FIELDS = ("doc_id", "chamber", "vraagnummer", "vergaderjaar", "submitted_on", "received_on")


def parse_text(
    text: str,
    *,
    doc_id: str | None = None,
    manifestation: str = "text",
    source: str | None = None,
) -> Document:
    """Parse a document's plain text; fields the text does not state are listed in `missing`."""
    if not text.strip():
        raise ParseError(doc_id, manifestation, "empty text")
    body = Body()
    rest = text
    if m := _QUESTION_HEADER_RE.search(text):
        body.question_header = m[0]
        rest = rest.replace(m[0], "\n", 1)
    if m := _ANSWER_HEADER_RE.search(rest):
        body.answer_header = m[0]
        rest = rest.replace(m[0], "\n", 1)
    after_header = ""
    if not body.answer_header and (m := _NOTICE_HEADER_RE.search(rest)):
        body.notice_header, after_header = m[0], rest[m.end() :]
        rest = rest[: m.start()] + "\n" + after_header
    if m := _VERGADERJAAR_RE.search(text):
        body.vergaderjaar = normalise_vergaderjaar(m[1])
    sections = list(_NOTICE_SECTION_RE.finditer(rest))
    if sections:  # the notice itself, after the questions it repeats
        body.notice_text = _without_furniture(rest[sections[-1].end() :])
        rest = rest[: sections[-1].start()]
    if m := _NOTES_HEADING_RE.search(rest):  # the page's footnote box is not item text
        rest = rest[: m.start()]
    body.blocks = _labelled_blocks(rest) or _numbered_blocks(rest)
    if not body.blocks and not body.answer_header and body.notice_text is None:
        if body.notice_header:  # a notice without repeated questions: its text follows the header
            body.notice_text = _without_furniture(after_header)
        elif notice := _NOTICE_RE.search(rest):
            body.notice_text = notice[0]
    if doc_id is None and (m := DOC_ID_RE.search(text)):
        doc_id = m[1]
    doc = build_document(body, doc_id=doc_id, manifestation=manifestation, source=source)
    fill_from_doc_id(doc)
    doc.missing = [f for f in TEXT_FIELDS if getattr(doc, f) is None]
    return doc


def _without_furniture(text: str) -> str | None:
    """A notice's text without the page furniture that follows it on the page."""
    kept = [line for line in text.splitlines() if not FURNITURE_RE.match(line)]
    return "\n".join(kept).strip() or None


def _labelled_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    lines: list[str] = []
    for line in text.splitlines():
        if _LABEL_LINE_RE.match(line):
            if current is not None:
                current.paragraphs = _block_paragraphs(current, lines)
                blocks.append(current)
            role, numbers = parse_label(line) or ("question", [])
            current, lines = Block(role=role, numbers=numbers, paragraphs=[]), []
        elif current is not None:
            lines.append(line)
    if current is not None:
        current.paragraphs = _block_paragraphs(current, lines)
        blocks.append(current)
    return blocks


def _block_paragraphs(block: Block, lines: list[str]) -> list[str]:
    """Paragraphs of a block; a combined question ("Vraag 3, 4 en 5") whose text has one
    question per number (a line ending in "?" before a capitalised line) is split so."""
    paras = _paragraphs(lines)
    if block.role == "question" and len(block.numbers) > 1 and len(paras) == 1:
        parts: list[list[str]] = [[]]
        for i, line in enumerate(lines):
            parts[-1].append(line)
            nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if line.rstrip().endswith("?") and nxt[:1].isupper():
                parts.append([])
        split = [p for part in parts if (p := " ".join(_paragraphs(part)))]
        if len(split) == len(block.numbers):
            return split
    return paras


def _numbered_blocks(text: str) -> list[Block]:
    """"1. question" lines in sequence, each followed by its answer paragraphs."""
    blocks: list[Block] = []
    expected = 1
    answer: list[str] = []
    for line in text.splitlines():
        m = _NUMBERED_RE.match(line)
        if m and int(m[1]) == expected:
            if blocks:
                blocks.append(Block("answer", [expected - 1], _paragraphs(answer)))
            blocks.append(Block("question", [expected], [m[2].strip()]))
            answer, expected = [], expected + 1
        elif blocks:
            answer.append(line)
    if blocks:
        blocks.append(Block("answer", [expected - 1], _paragraphs(answer)))
    return blocks if expected > 2 else []


def _paragraphs(lines: list[str]) -> list[str]:
    """Join wrapped lines into paragraphs (a blank line separates paragraphs)."""
    paras: list[str] = []
    buf: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            buf.append(line.strip())
        elif buf:
            paras.append(re.sub(r"\s+", " ", _join_lines(buf)).strip())
            buf = []
    return paras


_LINE_END_HYPHEN_RE = re.compile(r"[^\W\d_]-$")
_ELISION_RE = re.compile(r"^(?:en|of|tot|als)\b")  # "onderzoeks-" + "en leeragenda"


def _join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph. Only a hyphen at the END of a line can be a
    hyphenation: before a lower-case letter it is dropped ("hulpaan-" + "bod"), unless the
    next word is a conjunction ("onderzoeks-" + "en leeragenda"); before a capital or digit
    it stays, without a space ("GroenLinks-" + "PvdA"). A hyphen inside a line always stays."""
    out = ""
    for line in lines:
        if out and _LINE_END_HYPHEN_RE.search(out):
            if line[:1].islower() and not _ELISION_RE.match(line):
                out = out[:-1] + line
                continue
            if line[:1].isupper() or line[:1].isdigit():
                out += line
                continue
        out = f"{out} {line}" if out else line
    return out
