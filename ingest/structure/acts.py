"""EU legal acts (EUR-Lex Markdown, or text/PDF of the same) -> citable passages.

Chapters, articles with titles, numbered paragraphs (points kept with their paragraph),
Article 2 definitions one per term, recitals one each, annexes by heading, goods tables
one passage per item with CN codes and CAS numbers, and dual-use control entries
(1C450, 5A002) one passage per entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.load.source import Source
from ingest.manifest import DocumentSpec
from ingest.numerals import from_roman
from ingest.passage import AMENDMENTS, Passage, slug
from ingest.structure.blocks import Block, footnote_definitions, to_blocks
from ingest.structure.chunking import (
    TARGET_CHARS,
    budget_for,
    fits,
    join_pieces,
    pack,
    pieces_within,
    sentence_case,
    sentence_starts,
    shorten,
)
from ingest.structure.item_paths import common_path, item_paths, pinpoint
from ingest.wordpieces import WINDOW, count

CHAPTER = re.compile(r"^CHAPTER\s+([IVXLC]+)\b\.?\s*(.*)$")
SECTION = re.compile(r"^SECTION\s+(\d+)\b\.?\s*(.*)$", re.I)
ARTICLE = re.compile(r"^Article\s+(\d+[a-z]?)\s*(.*)$")
ANNEX = re.compile(r"^ANNEX(?:\s+([IVXLC]+))?\s*$")
RECITAL = re.compile(r"^\((\d{1,3})\)\s*(.*)$", re.S)
ENACTING = re.compile(r"^THE (?:EUROPEAN|COUNCIL)\b[A-Z ,]*,$")  # "THE EUROPEAN COMMISSION," opens the citations
PARAGRAPH = re.compile(r"^(\d{1,2})\.\s+(\S.*)$", re.S)
POINT = re.compile(r"^\(([a-z]{1,2}|\d{1,2}|[ivx]{1,5})\)\s*(.*)$", re.S)
TERM = re.compile(r"‘([^’]{2,80})’")
ENTRY = re.compile(r"^(\d[A-E]\d{3})(?=[A-Z\"‘'“(\[]|\s*$)")
CODE_CELL = re.compile(r"^(\d[A-E]\d{3})((?:\.[a-z0-9]+)*\.?)$")
ITEM = re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+(.*)$", re.S)
ITEM_SECTION = re.compile(r"^(\d{1,2})\.\s+(.*)$", re.S)
CN_CODE = re.compile(r"(ex\s+)?\b(\d{4}(?:\s?\d{2}){0,3})\b")
CAS = re.compile(r"\bCAS(?:\s+RN)?\s*(?:No\.?\s*)?(\d{2,7}-\d{2}-\d)\b")
CATEGORY = re.compile(r"^CATEGORY\s+(\d)\b\s*[-–—]?\s*(.*)$", re.I)
GROUP = re.compile(r"^(\d[A-E])\s?([A-Z][a-z].*)$")
# a numbered point opening a list item of a Part, as the texts write it: "3.The exporter", "(2)Exporters"
NUMBERED_POINT = re.compile(r"^(\(\d{1,2}\))\s*(?=[A-Z])|^(\d{1,2})\.\s*(?=[A-Z])")
LETTER_POINT = re.compile(r"^\(([a-z])\)\s*")
# a list's points grouped under the Annex I entry they belong to ("1C450.a.:" then "4. Phosgene ...")
LIST_GROUP = re.compile(r"^(\d[A-E]\d{3}(?:\.[a-z])*)\.?:$")
GROUP_POINT = re.compile(r"^(\d{1,2})\.\s*(?=\S)")
NOTE_LABEL = re.compile(r"^Note (\d{1,2})\s*:$")  # "Note 3:" opening a category's note (the Cryptography Note)
# one of Annex I's defined terms, with the categories using it: "Accuracy" (2 3 6 7 8), "In the
# public domain" (GTN NTN GSN), "Data-Based Referenced Navigation" ("DBRN") (7), "Spread spectrum"
# radar (6); a quoted word without them ("Intrusion software" does not include ...) goes on its
# definition, as do the single-quoted terms of its technical notes
DEFINED_TERM = re.compile(
    r'^["“](?P<term>[^"”]{1,100}?)\s*["”]?\s*(?:\([^)]*\)\s*)*?(?:[a-z]+\s+)?'  # "Bias" (gyro) (7), "Spread spectrum" radar (6)
    r"\((?:[A-Z]{2,4}|All|def|\d)(?:\s+(?:[A-Z]{2,4}|All|\d))*\)"  # (2 3 6), (GTN NTN All), (GSN GISN 5)
)
# a term's definition: '"Laser" (0 1 2 3 5 6 7 8 9) is an item that ...'
DEFINITION_START = re.compile(r"^[\"“‘][^\"”’]{1,80}[\"”’]\s*(?:\([^)]*\)\s*)*(?:means|is|are|includes|refers)\b")
# an amending act's annex ("Annexes I and V to Regulation (EU) 2019/125 are amended as follows:
# (1) in Annex I, point A is amended as follows: (a) the entry concerning Belgium is replaced ...")
AMENDS = re.compile(r"\bare amended as follows:?\s*$")
AMENDING_POINT = re.compile(r"^(\(\d{1,2}\))\s")
PART = re.compile(r"^PART\s+(\d+|[IVX]+)\b\s*[-–—:.]?\s*(.*)$", re.I)
GEA = re.compile(r"UNION GENERAL EXPORT AUTHORISATION No\.?\s*(EU\d{3})", re.I)
LETTER_SECTION = re.compile(r"^([A-K])\.\s+(\S.*)$")
STRUCTURAL = re.compile(r"^(?:PART\s|Part\s|[A-K]\.\s|CATEGORY\s|UNION GENERAL EXPORT AUTHORISATION No)")
def normalise_cn(code: str) -> str:
    return re.sub(r"\D", "", code)


def cas_numbers(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(CAS.findall(text)))


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) > 0.85


def _next_label(label: str) -> str:
    if label.isdigit():
        return str(int(label) + 1)
    return chr(ord(label[-1]) + 1) if len(label) == 1 else label


@dataclass
class _Unit:
    """Blocks collected for one article, recital or annex before they become passages."""

    label: str
    title: str = ""
    chapter: str = ""
    blocks: list[Block] = field(default_factory=list)
    title_block: Block | None = None  # the block taken as the title, when it was not the heading's own


class ActParser:
    """One pass over the blocks of an act; ``role='recitals'`` keeps only the recitals."""

    def __init__(self, source: Source, spec: DocumentSpec, role: str = "main", url: str = ""):
        self.spec = spec
        self.role = role
        self.url = url or spec.url
        self.short = spec.label
        self.blocks = to_blocks(source)
        self.markdown = source.format == "markdown"
        self.notes = footnote_definitions(source)
        self.passages: list[Passage] = []
        self.ids: set[str] = set()
        self.counts = {"articles": 0, "annex_entries": 0, "recitals": 0}

    # -- passage construction ---------------------------------------------------------------
    def _emit(self, pid: str, citation: str, context: str, blocks: list[Block], text: str, **fields) -> None:
        base, n = pid, 2
        while pid in self.ids:  # the same structural path twice (e.g. duplicated table rows)
            pid, n = f"{base}~{n}", n + 1
        self.ids.add(pid)
        refs = [r for b in blocks for r in b.footnotes]
        notes = tuple(dict.fromkeys(self.notes[r] for r in refs if r in self.notes))
        page = next((b.page for b in blocks if b.page), 0)
        self.passages.append(
            Passage(
                id=pid,
                doc_id=self.spec.id,
                kind=self.spec.kind,
                citation=citation,
                url=fields.pop("url", self.url),
                context=context,
                text=text,
                order=len(self.passages),
                page=page,
                footnotes=notes,
                version=self.spec.version or self.spec.date,
                **fields,
            )
        )

    def _emit_split(self, pid: str, citation: str, context: str, blocks: list[Block], **fields) -> None:
        """Emit one passage, or several parts sharing the citation when the unit is too long."""
        texts = [b.text for b in blocks]
        whole = "\n".join(texts)
        if fits(whole, budget_for(context)):
            self._emit(pid, citation, context, blocks, whole, **fields)
            return
        lead = shorten(texts[0], 90)
        budget = budget_for(f"{context} > {lead}")
        pieces: list[tuple[str, Block]] = [(t, b) for b in blocks for t in pieces_within(b.text, budget)]
        cas = fields.pop("cas", ())
        texts = [t for t, _ in pieces]
        for k, idx in enumerate(pack(texts, budget, welcome=sentence_starts(texts)), start=1):
            part_text = join_pieces([pieces[i][0] for i in idx])
            self._emit(
                f"{pid}/part{k}",
                citation,
                context if k == 1 else f"{context} > {lead}",
                [pieces[i][1] for i in idx],
                part_text,
                part=k,
                cas=tuple(c for c in cas if c in part_text),
                **fields,
            )

    # -- the walk ---------------------------------------------------------------------------
    def run(self) -> list[Passage]:
        mode = "preamble"
        chapter = ""
        article: _Unit | None = None
        annex: _Unit | None = None
        recital: _Unit | None = None
        preamble: list[Block] = []  # the enacting institution and its citations ("Having regard to ...")
        closing: list[Block] = []  # "Done at Brussels, 18 February 2020." and who signed
        blocks = self.blocks
        i = 0
        while i < len(blocks):
            b = blocks[i]
            t = b.text
            i += 1
            if b.footnote_zone:
                continue
            if self.role == "recitals" and mode not in ("preamble", "recitals"):
                break
            if t.startswith("Whereas") and len(t) < 20 and mode == "preamble":
                self._preamble(preamble)
                mode = "recitals"
                continue
            if mode == "preamble" and (preamble or ENACTING.match(t)):
                preamble.append(b)
                continue
            if mode == "recitals":
                if t.startswith(("HAS ADOPTED", "HAVE ADOPTED")) or ARTICLE.match(t) and b.heading:
                    self._recital(recital)
                    recital = None
                    mode = "articles"
                    if t.startswith(("HAS ADOPTED", "HAVE ADOPTED")):
                        continue
                else:
                    m = RECITAL.match(t)
                    if m and b.indent == 0 and not b.is_row:
                        self._recital(recital)
                        recital = _Unit(m.group(1), blocks=[b])
                    elif recital is not None:
                        recital.blocks.append(b)
                    continue
            if self.role == "recitals":
                continue
            m = ANNEX.match(t)
            if m and not b.is_row:
                self._closing(closing)
                closing = []
                self._article(article)
                self._annex(annex)
                article = None
                annex = _Unit(m.group(1) or "")
                mode = "annex"
                continue
            if mode == "annex":
                annex.blocks.append(b)
                continue
            m = CHAPTER.match(t)
            if m and (b.heading or len(t) < 200):
                self._article(article)
                article = None
                title = m.group(2)
                if not title and i < len(blocks) and _caps(blocks[i].text):
                    title = blocks[i].text
                    i += 1
                chapter = f"Chapter {m.group(1)}" + (f" – {sentence_case(title)}" if title else "")
                mode = "articles"
                continue
            m = ARTICLE.match(t)
            if m and self._is_article_heading(b, m):
                self._article(article)
                title, title_block = m.group(2), None
                if not title and i < len(blocks) and self._is_title(blocks[i]):
                    title, title_block = blocks[i].text, blocks[i]
                    i += 1
                article = _Unit(m.group(1), title, chapter, title_block=title_block)
                mode = "articles"
                continue
            if t.startswith("Done at ") and mode == "articles":
                self._article(article)
                article = None
                mode = "closing"
                closing = [b]
                continue
            if mode == "closing":
                closing.append(b)
                continue
            if mode == "articles" and article is not None:
                article.blocks.append(b)
        self._recital(recital)
        self._article(article)
        self._closing(closing)
        self._annex(annex)
        return self.passages

    @staticmethod
    def _is_article_heading(b: Block, m: re.Match) -> bool:
        if b.heading:
            return True
        rest = m.group(2)
        return len(b.text) < 140 and not rest.startswith("(") and not rest.endswith((".", ";", ","))

    @staticmethod
    def _is_title(b: Block) -> bool:
        if b.heading:
            return True
        return (
            len(b.text) < 120
            and not b.text.endswith((".", ";", ":", ","))
            and not PARAGRAPH.match(b.text)
            and not POINT.match(b.text)
        )

    # -- citations and recitals -----------------------------------------------------------------
    def _preamble(self, blocks: list[Block]) -> None:
        """The citations: who adopted the act and on which legal basis ("Having regard to ...,
        and in particular Article 24 thereof"), asked as "on what legal basis was it adopted?"."""
        if not blocks:
            return
        self._emit_split(f"{self.spec.id}/citations", f"{self.short}, citations", f"{self.short} > Preamble", blocks, section="Preamble", url=self.url)

    def _closing(self, blocks: list[Block]) -> None:
        """Where and when the act was adopted and who signed it: "when was 2020/621 adopted?"
        is answered by "Done at Brussels, 18 February 2020.", which no article states."""
        if not blocks:
            return
        self._emit_split(f"{self.spec.id}/signature", f"{self.short}, signature", f"{self.short} > Signature", blocks, section="Signature", url=self.url)

    def _recital(self, unit: _Unit | None) -> None:
        if unit is None:
            return
        self.counts["recitals"] += 1
        url = f"{self.url}#rct_{unit.label}" if "#" not in self.url else self.url
        self._emit_split(
            f"{self.spec.id}/recital/{unit.label}",
            f"{self.short}, recital {unit.label}",
            f"{self.short} > Recitals",
            unit.blocks,
            recital=unit.label,
            url=url,
        )

    # -- articles -----------------------------------------------------------------------------
    def _article(self, unit: _Unit | None) -> None:
        if unit is None:
            return
        if unit.title_block is not None and not any(b.text for b in unit.blocks):
            # "Annexes I and V to Regulation (EU) 2019/125 are amended in accordance with the Annex
            # to this Regulation" (2020/621, Article 1, no full stop) looked like a title: an
            # article with nothing after its title has it as its text
            unit = _Unit(unit.label, "", unit.chapter, [unit.title_block])
        self.counts["articles"] += 1
        n = unit.label
        heading = f"Article {n}" + (f" – {unit.title}" if unit.title else "")
        context = " > ".join(x for x in (self.short, shorten(unit.chapter), shorten(heading)) if x)
        base = dict(chapter=unit.chapter, article=n, title=unit.title, url=f"{self.url}#art_{n}")
        blocks = [b for b in unit.blocks if b.text]
        if not blocks:
            return
        if self._is_definitions(unit):
            self._definitions(unit, blocks, context, base)
            return
        paragraphs: list[tuple[str, list[Block]]] = []
        expected = "1"
        for b in blocks:
            m = PARAGRAPH.match(b.text)
            if m and b.indent == 0 and not b.is_row and m.group(1) == expected:
                paragraphs.append((m.group(1), [b]))
                expected = _next_label(expected)
            elif paragraphs:
                paragraphs[-1][1].append(b)
            else:
                paragraphs.append(("", [b]))
        for label, pblocks in paragraphs:
            points = [m.group(1) for b in pblocks if (m := POINT.match(b.text)) and b.indent == 0]
            pid = f"{self.spec.id}/art{n}" + (f"/{label}" if label else "")
            citation = f"{self.short}, Article {n}" + (f"({label})" if label else "")
            self._emit_split(pid, citation, context, pblocks, paragraph=label, point=",".join(points), **base)

    @staticmethod
    def _is_definitions(unit: _Unit) -> bool:
        means = sum(1 for b in unit.blocks if re.search(r"’\s+(?:or\s+‘[^’]+’\s+)?means\b", b.text))
        return means >= 3 and ("efinition" in unit.title or unit.label == "2")

    def _definitions(self, unit: _Unit, blocks: list[Block], context: str, base: dict) -> None:
        intro: list[Block] = []
        terms: list[tuple[str, list[Block]]] = []
        expected: str | None = None
        for b in blocks:
            m = POINT.match(b.text)
            is_top = m and b.indent == 0 and (expected is None or m.group(1) == expected)
            if is_top and (expected is not None or m.group(1) in ("a", "1")):
                terms.append((m.group(1), [b]))
                expected = _next_label(m.group(1))
            elif terms:
                terms[-1][1].append(b)
            else:
                intro.append(b)
        for label, tblocks in terms:
            tm = TERM.search(tblocks[0].text)
            term = tm.group(1) if tm else ""
            self._emit_split(
                f"{self.spec.id}/art{unit.label}/{label}",
                f"{self.short}, Article {unit.label}({label})",
                context,
                tblocks,
                point=label,
                term=term,
                keywords=f"definition of {term}" if term else "",
                **base,
            )

    # -- annexes ------------------------------------------------------------------------------
    def _annex(self, unit: _Unit | None) -> None:
        if unit is None:
            return
        AnnexBuilder(self, unit).build()


class AnnexBuilder:
    """Headings, goods tables, control-list entries and free text of one annex."""

    def __init__(self, parser: ActParser, unit: _Unit):
        self.p = parser
        self.number = unit.label
        self.blocks = unit.blocks
        self.title = ""
        self.stack: list[tuple[int, str, str]] = []  # (level, heading text, citation label)
        self.chunk: list[Block] = []
        self.point = ""  # the point of a Part the free text is in ("3", "(2)", "1(c)")
        self.number_point = ""  # its numbered point ("1" of "1(c)")
        self.lead = ""  # the numbered point's opening block ("1.This authorisation ... where:")
        self.lead_context = ""  # ... for the next passage's heading path: a lettered point that does not open with it
        self.counter: dict[str, int] = {}
        self.annex_id = f"annex{from_roman(self.number)}" if self.number else "annex"
        self.name = f"Annex {self.number}" if self.number else "Annex"
        self.url = f"{parser.url}#anx_{self.number}" if self.number else parser.url
        self.markdown = parser.markdown
        self.amending = any(AMENDS.search(b.text) for b in unit.blocks[:2])  # points cited as "point (1)(a)"
        self.in_definitions = False  # a heading's definitions have begun: its numbers are theirs, not points
        self.group = ""  # the Annex I entry a list's points belong to ("1C450.a"): "4." is then 1C450.a.4
        self.note = ""  # the numbered note the free text is in ("Note 3" of Category 5, Part 2)
        self.term = ""  # the term whose definition the free text is, under a definitions heading

    # headings
    def _heading_level(self, b: Block) -> tuple[int, str] | None:
        t = b.text
        if b.is_row or len(t) > 200 or ENTRY.match(t):
            return None
        if (m := GEA.match(t)) and len(t) < 80:
            return 2, m.group(1)
        if (m := CATEGORY.match(t)) and (b.bold or b.heading) and not t.endswith("."):  # not "Category 5, Part 2 does not control ..."
            return 1, f"Category {m.group(1)}"
        if (m := GROUP.match(t)) and (b.bold or b.heading) and len(t) < 90:
            return 2, m.group(1)
        if (m := PART.match(t)) and len(t) < 120:
            return 3, f"Part {m.group(1)}"
        if (m := LETTER_SECTION.match(t)) and (b.bold or _caps(m.group(2))):
            return 1, f"Section {m.group(1)}"
        sentence_like = t.endswith((".", ";", ",", ":")) or len(t) > 160
        if b.heading and not sentence_like:
            return min(b.heading, 6), (t.title() if _caps(t) and len(t.split()) <= 3 else "")
        if (b.bold or (_caps(t) and not self.markdown)) and not sentence_like:
            return 5, (t.title() if _caps(t) and len(t.split()) <= 3 else "")
        return None

    def _push(self, level: int, text: str, label: str) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, text, label))

    def _context(self, *extra: str) -> str:
        head = f"{self.name}" + (f" – {sentence_case(self.title)}" if self.title else "")
        path = [self.p.short, shorten(head)] + [shorten(sentence_case(h[1]), 60) for h in self.stack[-3:]]
        path += [shorten(x, 90) for x in extra]
        return " > ".join(x for x in path if x)

    def _labels(self) -> list[str]:
        return [h[2] for h in self.stack if h[2]]

    def _next_id(self, key: str) -> str:
        self.counter[key] = self.counter.get(key, 0) + 1
        return f"{key}/{self.counter[key]}"

    # free text
    def _flush(self) -> None:
        if not self.chunk:
            return
        labels = self._labels()
        cited = labels + ([self.note] if self.note else []) + ([f"{'item' if self.group else 'point'} {self.point}"] if self.point else [])
        key = f"{self.p.spec.id}/{self.annex_id}" + (f"/{slug('-'.join(cited))}" if cited else "")
        citation = f"{self.p.short}, {self.name}" + (f", {', '.join(cited)}" if cited else "")
        term: dict[str, str] = {}
        if self.term:  # one defined term: cited and found as such, like an article's definitions
            key += f"/definition-{slug(self.term)}"
            citation += f', definition of "{self.term}"'
            term = {"term": self.term, "keywords": f"definition of {self.term}"}
        pid = self._next_id(key)
        self.p._emit_split(
            pid, citation, self._context(*[shorten(x, 90) for x in (self.group, self.lead_context) if x]), self.chunk,
            annex=self.number, section=", ".join(labels) or (AMENDMENTS if self.amending else ""), point=self.point, url=self.url,
            **term,
        )
        self.chunk = []
        self.lead_context = ""

    def _end_point(self) -> None:
        """The free text so far is a passage; what follows belongs to no numbered point yet."""
        self._flush()
        self.point = self.number_point = self.lead = ""

    def _add(self, b: Block) -> None:
        """A numbered point of a Part ("3.The exporter ... shall implement an Internal Compliance
        Programme", "(2)Exporters ... shall notify") starts its own passage, cited to the point: the
        conditions of a general authorisation are cited and found one by one, not by the page. An
        amending act's annex is numbered alike ("(1) in Annex I, point A is amended as follows: (a)
        the entry concerning Belgium is replaced by ...": "Annex, point (1)(a)"), each point with
        the address or entry it inserts."""
        top = b.indent == 0 and not b.is_row
        in_part = top and any(x.startswith("Part ") for x in self._labels())  # a list item of a Part
        if not self.amending and DEFINITION_START.match(b.text):
            # from a term's definition on, until the next heading, numbers are the definitions'
            # own: "1. A single instance of the item; or 2. One customer ..." inside one of Annex
            # I's definitions is no point of Part I, and "Laser" or "Missiles" after it no "point 2"
            if self.point:
                self._end_point()
            self.in_definitions = True
        if not self.amending and (d := DEFINED_TERM.match(b.text)) and any("efinition" in h[1] for h in self.stack):
            # under a definitions heading (Annex I's "Definitions of terms used in this annex") each
            # term is a passage of its own: "how does the list define 'intrusion software'?" is
            # answered by that definition, not by a page of its neighbours
            self._end_point()
            self.term = d.group("term").rstrip(" (")
            self.in_definitions = True
        if self.amending:
            m = AMENDING_POINT.match(b.text) if top else None
        elif self.in_definitions:
            m = None
        else:
            # a chemical's name may open with a digit ("10. 3-Hydroxy-1-methylpiperidine")
            numbered = GROUP_POINT if self.group else NUMBERED_POINT
            m = numbered.match(b.text) if in_part else None
        letter = LETTER_POINT.match(b.text) if self.point and top and not m else None
        if in_part and not self.amending and (g := LIST_GROUP.match(b.text)):
            # "1C450.a.:" heads the points that follow: EU006's "4. Phosgene" is item 1C450.a.4 of
            # Annex I, not a fourth "point 4" of its Part 1 beside 1C350's and 1C450.b's
            self._end_point()
            self.group = g.group(1)
            return
        if top and not self.amending and (n := NOTE_LABEL.match(b.text)):
            # "Category 5, Part 2 does not control products when accompanying their user" (Note 2)
            # and the Cryptography Note (Note 3) are cited and found each on its own
            self._end_point()
            self.note = f"Note {n.group(1)}"
        elif m:
            self.note = ""
            if self.point or not self.amending:  # an amending annex's opening words stay with its point (1)
                self._flush()
            self.point = self.number_point = next(g for g in m.groups() if g)
            if self.group:
                self.point = f"{self.group}.{self.point}"
            self.lead = b.text
        elif letter:
            if self.chunk and not (len(self.chunk) == 1 and self.chunk[0].text == self.lead):
                self._flush()  # (a) stays with the opening words it completes; (b) ... start their own,
                self.lead_context = self.lead  # carrying those words in their heading path
            self.point = f"{self.number_point}({letter.group(1)})"
        elif self.chunk and sum(len(x.text) + 1 for x in self.chunk) + len(b.text) > TARGET_CHARS:
            self._flush()
        self.chunk.append(b)

    def build(self) -> None:
        blocks = self.blocks
        i = 0
        # the annex title: the first heading-like block(s) that are not structural labels
        if blocks and self._heading_level(blocks[0]) and not STRUCTURAL.match(blocks[0].text):
            self.title = blocks[0].text
            i = 1
        while i < len(blocks):
            b = blocks[i]
            if b.is_row:
                j = i
                while j < len(blocks) and blocks[j].is_row:
                    j += 1
                if self.amending:  # an address inserted by the point before it
                    for r in blocks[i:j]:
                        self._add(r)
                    i = j
                    continue
                self._flush()
                self._table(blocks[i:j])
                i = j
                continue
            m = ENTRY.match(b.text)
            if m and b.indent == 0:
                j = i + 1
                while j < len(blocks) and not self._ends_entry(blocks[j]):
                    j += 1
                self._flush()
                self.note = ""
                self._entry(m.group(1), blocks[i:j])
                i = j
                continue
            lv = self._heading_level(b) if not self.amending else None  # an inserted heading is text
            if lv:
                self._end_point()
                self.group = self.note = self.term = ""
                self.in_definitions = False
                text = b.text
                if (g := GROUP.match(text)) and lv[1] == g.group(1):
                    text = f"{g.group(1)} {g.group(2)}"
                self._push(lv[0], text, lv[1])
            else:
                self._add(b)
            i += 1
        self._flush()

    def _ends_entry(self, b: Block) -> bool:
        t = b.text
        if b.is_row or (ENTRY.match(t) and b.indent == 0):
            return True
        return bool(
            CATEGORY.match(t) and len(t) < 120 and not t.endswith(".")
            or GROUP.match(t) and (b.bold or b.heading) and len(t) < 90
            or PART.match(t) and len(t) < 40
        )

    # control-list entries (Annex I of 2021/821)
    def _entry(self, code: str, blocks: list[Block]) -> None:
        first = blocks[0]
        first.text = re.sub(rf"^{code}\s*", f"{code} ", first.text).strip()
        title = first.text[len(code) + 1 :].split(":")[0][:160]
        self.p.counts["annex_entries"] += 1
        context = self._context(f"{code} {title}".strip())
        fields = dict(
            annex=self.number,
            item=code,
            section=", ".join(self._labels()),
            keywords=code,
            url=self.url,
        )
        pid = f"{self.p.spec.id}/{self.annex_id}/{code}"
        citation = f"{self.p.short}, {self.name}, entry {code}"
        cas = cas_numbers(" ".join(b.text for b in blocks))
        whole = "\n".join(b.text for b in blocks)
        if fits(whole, budget_for(context)):
            self.p._emit(pid, citation, context, blocks, whole, cas=cas, **fields)
            return
        # too long for one passage: parts that follow the sub-items where they can, each cited to
        # the deepest sub-item that holds all of it, its parents' opening words in its heading path
        paths = item_paths(blocks, code)
        lead = shorten(first.text, 90)
        budget = budget_for(f"{context} > {lead}")
        pieces = [(t, n) for n, b in enumerate(blocks) for t in pieces_within(b.text, budget)]
        texts = [t for t, _ in pieces]
        starts = sentence_starts(texts)
        starts.update({  # a new sub-item of the first two levels starts a new part once this one is half full
            i: TARGET_CHARS // 2
            for i, (_, n) in enumerate(pieces)
            if len(paths[n]) in (1, 2) and paths[n] != paths[n - 1] and (i == 0 or pieces[i - 1][1] != n)
        })
        # a listed substance (a sub-item naming its CAS number) is a part of its own, cited to it:
        # "entry 1C350.46" is triethanolamine, not one of six chemicals of "entry 1C350"
        substances = {n for n, b in enumerate(blocks) if len(paths[n]) in (1, 2) and CAS.search(b.text) and paths[n] != paths[n - 1]}
        for i, (_, n) in enumerate(pieces):
            first_piece = i == 0 or pieces[i - 1][1] != n
            after = n - 1 in substances and paths[n][: len(paths[n - 1])] != paths[n - 1]  # a note after the last one
            if first_piece and (n in substances or after):
                starts[i] = 1
        for k, idx in enumerate(pack(texts, budget, welcome=starts), start=1):
            text = join_pieces([pieces[i][0] for i in idx])
            held = sorted({pieces[i][1] for i in idx})
            path = common_path([paths[n] for n in held])
            self.p._emit(
                f"{pid}/part{k}",
                f"{self.p.short}, {self.name}, entry {pinpoint(code, path)}",
                self._part_context(context, lead, path, text, first=k == 1),
                [blocks[n] for n in held],
                text,
                part=k,
                point=".".join(label for label, _ in path),
                cas=tuple(c for c in cas if c in text),
                **fields,
            )

    @staticmethod
    def _part_context(context: str, lead: str, path: tuple, text: str, first: bool) -> str:
        """The heading path of one part of an entry: the sub-items' opening words, as many as
        the embedding window leaves room for (the parts were sized for the entry's lead)."""
        for trail in (path[i:] for i in range(len(path))):
            candidate = f"{context} > " + " > ".join(shorten(words, 60) for _, words in trail)
            if count(f"{candidate}\n{text}") + 2 <= WINDOW:
                return candidate
        return context if first else f"{context} > {lead}"

    # tables
    def _table(self, rows: list[Block]) -> None:
        first_cells = [r.cells[0] if r.cells else "" for r in rows]
        header = " ".join(rows[0].cells or []).lower()
        if "cn code" in header or sum(bool(CN_CODE.match(c)) for c in first_cells) >= 2:
            self._goods_table(rows)
        elif sum(bool(CODE_CELL.match(c)) for c in first_cells) >= max(1, len(rows) // 2):
            self._code_table(rows)
        else:
            for r in rows:
                self._add(r)
            self._flush()

    def _goods_table(self, rows: list[Block]) -> None:
        items: list[tuple[str, list[Block]]] = []
        section = ""
        for r in rows:
            cells = [c for c in (r.cells or []) if c]
            if not cells or "cn code" in " ".join(cells).lower():
                continue
            desc = cells[-1]
            codes = cells[0] if len(cells) > 1 else ""
            if m := ITEM.match(desc):
                r.text = desc + (f"\nCN codes: {codes}" if codes else "")
                items.append((m.group(1), [r]))
                continue
            if (m := ITEM_SECTION.match(desc)) and (len(cells) == 1 or cells[0] == desc):
                self._flush_items(items)
                items = []
                section = desc
                self._push(5, section, "")
                continue
            r.text = desc + (f"\nCN codes: {codes}" if codes else "")
            if items:
                items[-1][1].append(r)
            else:
                self._add(r)
        self._flush_items(items)
        if section:
            self.stack = [h for h in self.stack if h[1] != section]

    def _flush_items(self, items: list[tuple[str, list[Block]]]) -> None:
        for item, iblocks in items:
            text = " ".join(b.text for b in iblocks)
            codes = [
                (("ex " if ex else "") + normalise_cn(code))
                for b in iblocks
                for cell in (b.cells[:1] if b.cells and len(b.cells) > 1 else [])
                for ex, code in CN_CODE.findall(cell)
            ]
            digits = {normalise_cn(c) for c in codes}
            keywords = " ".join(sorted(digits | {d[:6] for d in digits} | {d[:4] for d in digits}))
            self.p.counts["annex_entries"] += 1
            self.p._emit_split(
                f"{self.p.spec.id}/{self.annex_id}/{item}",
                f"{self.p.short}, {self.name}, item {item}",
                self._context(),
                iblocks,
                annex=self.number,
                item=item,
                section=", ".join(self._labels()),
                cn_codes=tuple(dict.fromkeys(codes)),
                cas=cas_numbers(text),
                keywords=keywords,
                url=self.url,
            )

    def _code_table(self, rows: list[Block]) -> None:
        for r in rows:
            cells = [c for c in (r.cells or []) if c]
            if not cells:
                continue
            m = CODE_CELL.match(cells[0])
            if not m:
                self._add(r)
                continue
            self._flush()
            code = cells[0].rstrip(".")
            r.text = " ".join(cells)
            self.p.counts["annex_entries"] += 1
            self.p._emit_split(
                f"{self.p.spec.id}/{self.annex_id}/{code}",
                f"{self.p.short}, {self.name}, entry {code}",
                self._context(),
                [r],
                annex=self.number,
                item=code,
                section=", ".join(self._labels()),
                cas=cas_numbers(r.text),
                keywords=f"{m.group(1)} {code}",
                url=self.url,
            )


def parse_act(source: Source, spec: DocumentSpec, role: str = "main", url: str = "") -> tuple[list[Passage], dict]:
    parser = ActParser(source, spec, role, url)
    return parser.run(), parser.counts
