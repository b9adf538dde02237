"""Reports, Council notes, commentary and press releases -> passages by heading and paragraph.

These arrive as text extracted from PDFs: footnote numbers glued to words ("punishment49."),
footnotes below a tab-run separator, page furniture, lettered considerations "a)" and
numbered conclusions "1.". Each paragraph or item becomes a passage under its heading.
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.load.source import Source, SourceLine
from ingest.manifest import DocumentSpec
from ingest.passage import Passage, slug
from ingest.structure.blocks import Block, footnote_definitions, to_blocks
from ingest.structure.chunking import shorten, split_long

LETTERED = re.compile(r"^(?:[-–•]\s*)?([a-z])\)\s+(.*)$", re.S)
NUMBERED = re.compile(r"^(?:[-–•]\s*)?(\d{1,2})\.\s+(.*)$", re.S)
ROMAN_ITEM = re.compile(r"^([ivx]{1,4})\)\s+")
FOOTNOTE_LINE = re.compile(r"^(\d{1,3})\s+(\S.*)$", re.S)
COVER_FIELD = re.compile(r"^(From|To|Subject|Date|Ref|Reference|Dossier|Delegations):", re.I)
DATELINE = re.compile(r"\b\d{1,2}\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}\b")
NOISE = re.compile(r"^[-–—•\s]*$")


def _drop_page_furniture(source: Source) -> Source:
    """Lines repeated at the top or bottom of most pages (running headers, footers, page numbers)
    are not content. Only the first and last two lines of a page can be furniture."""
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(source.lines):
        if line.page and line.text.strip():
            pages.setdefault(line.page, []).append(i)
    if len(pages) < 3:
        return source
    norm = [re.sub(r"\d+", "#", line.text.strip()) for line in source.lines]
    edge = {i for rows in pages.values() for i in rows[:2] + rows[-2:]}
    exact: Counter = Counter()
    shaped: Counter = Counter()  # the same line but for its numbers ("6303/24 ... 7", "Page 3 of 9")
    for rows in pages.values():
        exact.update({source.lines[i].text.strip() for i in rows if i in edge})
        shaped.update({norm[i] for i in rows if i in edge})
    enough = max(3, len(pages) // 2)

    def is_furniture(i: int) -> bool:
        if i not in edge:
            return False
        raw = source.lines[i].text.strip()
        if exact[raw] >= enough and len(raw) < 120:
            return True
        return (shaped[norm[i]] >= enough and len(raw) < 60) or bool(re.fullmatch(r"#|Page # of #|- # -", norm[i]))

    kept = [line for i, line in enumerate(source.lines) if not is_furniture(i)]
    return Source(source.path, source.format, kept or [SourceLine("")], source.meta)


def _is_heading(b: Block) -> bool:
    t = b.text
    if b.heading or (t.startswith("**") and t.endswith("**") and len(t) < 240):
        return True
    if COVER_FIELD.match(t) or LETTERED.match(t) or NUMBERED.match(t) or ROMAN_ITEM.match(t):
        return False
    words = len(t.split())
    if t.endswith(":") and words <= 12:
        return True  # "Comment:", "The Working Party on Dual Goods:"
    return len(t) < 110 and words <= 16 and not t.endswith((".", ";", ",", "?", "!", '"', "”"))


class NoteParser:
    def __init__(self, source: Source, spec: DocumentSpec):
        self.spec = spec
        self.short = spec.label
        source = _drop_page_furniture(source)
        self.blocks = to_blocks(source)
        self.md_notes = footnote_definitions(source)
        self.passages: list[Passage] = []
        self.ids: set[str] = set()
        self.counts = {"sections": 0, "paragraphs": 0}

    def _footnotes(self) -> tuple[dict[str, str], list[Block]]:
        notes: dict[str, str] = {}
        body: list[Block] = []
        last = None
        for b in self.blocks:
            if b.footnote_zone:
                m = FOOTNOTE_LINE.match(b.text)
                if m:
                    last = m.group(1)
                    notes[last] = m.group(2)
                elif last:
                    notes[last] += " " + b.text
                continue
            body.append(b)
        return notes, body

    def _unglue(self, b: Block, numbers: set[str]) -> None:
        """'punishment49.' -> 'punishment.' with note 49 attached; only numbers that are notes."""
        if not numbers:
            return

        def repl(m: re.Match) -> str:
            if m.group(2) in numbers:
                b.footnotes.append(m.group(2))
                return m.group(1)
            return m.group(0)

        b.text = re.sub(r"([A-Za-z\)’”])(\d{1,3})(?=[\s.,;:)]|$)", repl, b.text)

    def run(self) -> list[Passage]:
        notes, body = self._footnotes()
        notes.update(self.md_notes)
        heading = ""
        section_counts: Counter = Counter()
        items: list[tuple[str, str, list[Block]]] = []  # (heading, label, blocks)
        for b in body:
            self._unglue(b, set(notes))
            if NOISE.match(b.text):
                continue
            if ROMAN_ITEM.match(b.text) and items:
                items[-1][2].append(b)  # "i) ... ii) ..." belong to the sentence that lists them
                continue
            if _is_heading(b) and not (DATELINE.search(b.text) and len(b.text) < 40 and not items):
                heading = b.text.replace("**", "").rstrip(":").strip()
                continue
            if COVER_FIELD.match(b.text) and items and COVER_FIELD.match(items[-1][2][-1].text):
                items[-1][2].append(b)  # From:/To:/Subject: make one cover-note passage
                continue
            if m := LETTERED.match(b.text):
                label = self._label("letter", m.group(1))
            elif m := NUMBERED.match(b.text):
                label = self._label("number", m.group(1))
            else:
                section_counts[heading] += 1
                label = f"paragraph {section_counts[heading]}"
            items.append((heading, label, [b]))
        for heading, label, blocks in items:
            self._emit(heading, label, blocks, notes)
        self.counts["sections"] = len({h for h, _, _ in items})
        self.counts["paragraphs"] = len(items)
        return self.passages

    def _label(self, kind: str, value: str) -> str:
        if self.spec.kind == "council_conclusions":
            return f"consideration {value})" if kind == "letter" else f"conclusion {value}"
        return f"point {value})" if kind == "letter" else f"point {value}"

    def _emit(self, heading: str, label: str, blocks: list[Block], notes: dict[str, str]) -> None:
        section = heading[:80]
        citation = f"{self.short}, " + (f"{section}, " if section else "") + label
        base = f"{self.spec.id}/" + (f"{slug(section, 32)}/" if section else "") + slug(label)
        context = " > ".join(x for x in (self.short, shorten(heading, 90)) if x)
        text = "\n".join(b.text for b in blocks)
        refs = [r for b in blocks for r in b.footnotes]
        fn = tuple(dict.fromkeys(notes[r] for r in refs if r in notes))
        page = next((b.page for b in blocks if b.page), 0)
        parts = split_long(text, context)
        for k, part in enumerate(parts, start=1):
            pid = base if len(parts) == 1 else f"{base}/part{k}"
            n = 2
            while pid in self.ids:
                pid = f"{base}~{n}"
                n += 1
            self.ids.add(pid)
            self.passages.append(
                Passage(
                    id=pid,
                    doc_id=self.spec.id,
                    kind=self.spec.kind,
                    citation=citation,
                    url=self.spec.url,
                    context=context,
                    text=part,
                    order=len(self.passages),
                    section=section,
                    paragraph=label,
                    page=page,
                    part=k if len(parts) > 1 else 0,
                    footnotes=fn,
                    version=self.spec.version or self.spec.date,
                )
            )


def parse_note(source: Source, spec: DocumentSpec) -> tuple[list[Passage], dict]:
    parser = NoteParser(source, spec)
    return parser.run(), parser.counts
