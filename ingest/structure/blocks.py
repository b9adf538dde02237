"""Lines -> blocks: one block per paragraph, list item or table row, Markdown syntax removed.

Markdown sources already have one paragraph per line; text extracted from PDFs wraps
paragraphs over many lines, so those are joined until a blank line or a line that starts
a new structural unit ("Article 5", "2.", "(b)", "a)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.load.source import Source

FOOTNOTE_DEF = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$")
FOOTNOTE_REF = re.compile(r"\s*\(?\[\^([^\]]+)\]\)?")
LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
SUP = re.compile(r"<sup>(.*?)</sup>", re.I)
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
HEADING = re.compile(r"^(#{1,6})\s*(.*)$")
LIST_ITEM = re.compile(r"^(\s*)[-+]\s+(.*)$")
BOLD_LINE = re.compile(r"^(?:[A-K]\.\s+)?\*\*[^*].*\*\*:?$")
TAB_RUN = re.compile(r"^\s*\t{4,}\s*$")

# A line of extracted text that starts a new unit rather than continuing a wrapped paragraph.
TEXT_START = re.compile(
    r"""^\s*(?:
        Article\s+\d+[a-z]?\b | CHAPTER\s+[IVXLC]+\b | SECTION\s+\d+\b | ANNEX\b
        | \d{1,2}\.\s | \d{1,2}\.\d{1,2}\.?\s | \(\d{1,2}\)\s? | \([a-z]{1,2}\)\s | \([ivx]{1,5}\)\s
        | [a-z]\)\s | [ivx]{1,4}\)\s | [-–—•]\s | Comment:? | Note:? | From: | To: | Subject:
        | Whereas | HAS\s+ADOPTED
    )""",
    re.X,
)


@dataclass
class Block:
    text: str
    page: int = 0
    indent: int = 0
    heading: int = 0  # Markdown heading level, 0 if none
    cells: list[str] | None = None  # table row cells, cleaned
    footnotes: list[str] = field(default_factory=list)  # footnote ids referenced
    footnote_zone: bool = False  # text below a footnote separator (PDF text)
    bold: bool = False  # the whole Markdown line was bold: a heading in annexes
    item: bool = False  # a Markdown list item whose text is not set in italics (notes are)

    @property
    def is_row(self) -> bool:
        return self.cells is not None


def clean_inline(text: str, refs: list[str] | None = None) -> str:
    """Strip Markdown/HTML syntax but keep every word of the document."""
    if refs is not None:
        refs.extend(FOOTNOTE_REF.findall(text))
    text = FOOTNOTE_REF.sub("", text)
    text = LINK.sub(lambda m: m.group(1), text)
    text = SUP.sub(lambda m: "^" + m.group(1), text)
    text = TAG.sub("", text)
    text = text.replace("\\|", "|").replace("*", "")
    return " ".join(text.split())


def footnote_definitions(source: Source) -> dict[str, str]:
    notes = {}
    for line in source.lines:
        m = FOOTNOTE_DEF.match(line.text)
        if m:
            body = re.sub(r"^\(?\^?\d+\)?\s*", "", clean_inline(m.group(2)))
            notes[m.group(1)] = body
    return notes


def _split_row(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def markdown_blocks(source: Source) -> list[Block]:
    blocks: list[Block] = []
    for line in source.lines:
        raw = line.text.rstrip()
        if not raw.strip() or FOOTNOTE_DEF.match(raw):
            continue
        stripped = raw.strip()
        if re.match(r">\s*\|", stripped):  # a table quoted by an amending act (an inserted address)
            stripped = stripped[1:].strip()
        if stripped.startswith("|"):
            cells = _split_row(stripped)
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells if c):
                continue  # the header separator row (or an empty one)
            refs: list[str] = []
            clean = [clean_inline(c, refs) for c in cells]
            blocks.append(Block(" | ".join(c for c in clean if c), line.page, cells=clean, footnotes=refs))
            continue
        level = 0
        m = HEADING.match(stripped)
        if m:
            level, stripped = len(m.group(1)), m.group(2)
        if stripped.startswith("> "):
            stripped = stripped[2:]
        indent = len(raw) - len(raw.lstrip(" "))
        m = LIST_ITEM.match(stripped)
        item = False
        if m:
            stripped = m.group(2)
            level = 0  # "#### - (a) ..." is a list item wearing a stray heading mark
            item = not stripped.startswith("*")
        bold = bool(BOLD_LINE.match(stripped))
        refs = []
        text = clean_inline(stripped, refs)
        if text:
            blocks.append(
                Block(text, line.page, indent=indent, heading=level, footnotes=refs, bold=bold, item=item)
            )
    return blocks


def text_blocks(source: Source) -> list[Block]:
    """Join wrapped lines of extracted text into paragraphs; mark footnote areas."""
    blocks: list[Block] = []
    current: Block | None = None
    in_notes = False
    previous_blank = True
    force_break = after_heading = False
    for line in source.lines:
        raw = line.text.replace("\u00a0", " ")
        if TAB_RUN.match(raw):
            current, in_notes = None, True
            continue
        resumes = raw[:1].isspace() and raw.strip()[:1].isupper()
        if in_notes and resumes and current is not None and current.text.endswith((".", ")")):
            current, in_notes = None, False  # body text resumes after the footnotes
        if re.fullmatch(r"\s*[-–—•]+\s*", raw):
            continue  # a stray bullet or dash line
        if not raw.strip():
            current = None
            if in_notes and previous_blank is False:
                in_notes = False
            previous_blank = True
            continue
        previous_blank = False
        text = " ".join(raw.replace("\t", " ").split())
        title_line = after_heading and _title_like(text)
        starts_unit = bool(TEXT_START.match(text)) or force_break or title_line
        # "Comment:" and an article's title line stand alone; so does the "Article 5" line
        force_break = bool(re.fullmatch(r"[A-Z][\w ]{0,30}:", text)) or title_line
        after_heading = bool(ARTICLE_LINE.fullmatch(text))
        if in_notes and re.match(r"^\d{1,3}\s", text):
            starts_unit = True
        if current is not None and not starts_unit and current.page in (line.page, 0):
            if current.text.endswith("-") and current.text[-2:-1].isalpha():
                current.text += text  # a word or compound broken at the line end
            else:
                current.text += " " + text
            continue
        if current is not None and not starts_unit and current.page != line.page:
            # a paragraph running over a page break
            current.text += " " + text
            continue
        current = Block(text, line.page, footnote_zone=in_notes)
        blocks.append(current)
    return blocks


ARTICLE_LINE = re.compile(r"\s*Article\s+\d+[a-z]?\s*")


def _title_like(text: str) -> bool:
    return len(text) < 100 and not text.endswith((".", ";", ":", ",")) and not TEXT_START.match(text)


def to_blocks(source: Source) -> list[Block]:
    return markdown_blocks(source) if source.format == "markdown" else text_blocks(source)
