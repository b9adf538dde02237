"""Explicit references in a question: "Article 31(4)", "Art. 12", "point 3.3 of Annex III",
"Annex I 1C450", "recital 33", "EU001", CN codes, CAS numbers, and which act is meant.

Resolved references put their passages first; a named act ranks its passages first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ARTICLE = re.compile(
    r"\b(?:Article|Art\.?)\s*(\d{1,3}[a-z]?)((?:\s*\(\s*\w{1,4}\s*\))*)(?!\s*/)", re.I
)
_ARTICLES = re.compile(r"\bArticles\s+(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\b", re.I)  # a range
_ONE = r"(\d{1,3}[a-z]?)(?![\d/])((?:\s*\(\s*\w{1,4}\s*\))*)"  # one article of a list: its number, its brackets
_ONE_RE = re.compile(_ONE)
_ARTICLE_LIST = re.compile(rf"\bArticles\s+({_ONE}(?:\s*(?:,|,?\s*and|,?\s*or|&)\s*{_ONE})+)", re.I)  # "Articles 15 and 19", "Articles 12(3), 14 and 19"
_PARAGRAPH_OF = re.compile(r"\bparagraph\s+(\d{1,2})\s+of\s+Article\s+(\d{1,3}[a-z]?)", re.I)
_POINT_OF = re.compile(r"\bpoint\s+\(?([a-z])\)?\s+of\s+Article\s+(\d{1,3})(?:\((\d{1,2})\))?", re.I)
_ANNEX = re.compile(r"\bAnnex\s+([IVXL]{1,5})\b(?:[,\s]+(?:item|point|entry|section)?\s*(\d{1,2}\.\d{1,2}|\d[A-E]\d{3}))?", re.I)
_ITEM_OF_ANNEX = re.compile(r"\b(?:item|point|entry)\s+(\d{1,2}\.\d{1,2})\.?\s+(?:of|in)\s+Annex\s+([IVXL]{1,5})\b", re.I)
_RECITAL = re.compile(r"\brecitals?\s+\(?(\d{1,3})\)?", re.I)
_ENTRY = re.compile(r"\b(\d[A-E]\d{3})\b", re.I)
ENTRY_CODE = _ENTRY  # a dual-use control entry's code ("5A002"), for the passages' text too
#: an entry named as what the product is ("our 2B001-listed machining centre", "a 5A002-controlled
#: router"): it sets the scene of a question on something else (a general authorisation, a
#: licence), and is not the provision asked about
_SCENE_ENTRY = re.compile(r"\b(\d[A-E]\d{3})(?:\.[a-z0-9.]*[a-z0-9])?[- ](?:listed|controlled|classified)\b", re.I)
_SUB_ITEM = re.compile(r"\b(\d[A-E]\d{3})((?:\.[a-z]\b|\.\d{1,2}\b)+)", re.I)  # "5A001.b.3"
_GEA = re.compile(r"\b(EU\s?00[1-9])\b", re.I)
CN = re.compile(r"(?<![\d/.-])(\d{4})[ .]?(\d{2})(?:[ .]?(\d{2}))?(?:[ .]?(\d{2}))?(?![\d/-])")
CAS = re.compile(r"(?<![\d-])(\d{2,7}-\d{2}-\d)(?![\d-])")


@dataclass(frozen=True)
class ArticleRef:
    article: str
    paragraph: str = ""
    point: str = ""
    doc: str = ""  # document id when the act is named right after the reference


@dataclass(frozen=True)
class AnnexRef:
    annex: str  # roman numeral, upper case
    item: str = ""  # "3.3", "1C450"
    doc: str = ""


def in_article(p, ref: ArticleRef) -> bool:
    """The passage belongs to the referenced article (and paragraph and point, when given)."""
    return (
        p.article == ref.article
        and (not ref.paragraph or p.paragraph == ref.paragraph)
        and (not ref.point or ref.point in p.point.split(","))
    )


def sub_item_fit(p, named: list[str]) -> int:
    """How closely a control-list passage fits the sub-items a question names: 2 when it is one
    of them or inside one ("5A001.b.3" for "5A001.b"), 1 when it is a part of the same entry
    cited to a wider sub-item that holds one ("5A001.b" for "5A001.b.3"), else 0."""
    if not p.item or not named:
        return 0
    own = f"{p.item}.{p.point}" if p.point else p.item
    if any(own == n or own.startswith(n + ".") for n in named):
        return 2
    return int(bool(p.point) and any(n.startswith(own + ".") for n in named))


def in_item(p, annex: str, item: str) -> bool:
    """The passage is the referenced annex item or control entry (or one of its sub-items)."""
    return (not annex or p.annex == annex) and (p.item == item or p.item.startswith(item + "."))


@dataclass
class References:
    articles: list[ArticleRef] = field(default_factory=list)
    annexes: list[AnnexRef] = field(default_factory=list)
    recitals: list[str] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)  # dual-use control codes
    scene_entries: list[str] = field(default_factory=list)  # ... named only as what the product is
    sub_items: list[str] = field(default_factory=list)  # ... with the sub-item named: "5A001.b.3"
    geas: list[str] = field(default_factory=list)  # EU001..EU008
    cn_codes: list[str] = field(default_factory=list)  # digits only
    cas: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)  # acts named in the question

    @property
    def explicit(self) -> bool:
        return bool(self.articles or self.annexes or self.recitals or self.entries or self.geas)

    def keywords(self) -> str:
        """Extra BM25 terms: the compact forms the index also carries."""
        return " ".join(self.cn_codes + [c[:6] for c in self.cn_codes if len(c) >= 6] + self.cas + self.entries + self.scene_entries + self.geas)


_GENERAL_AUTHORISATION = re.compile(r"\bgeneral (?:export |transfer )?(?:authori[sz]ation|licen[cs]e)s?\b|\bGEAs?\b", re.I)


def _doc_after(question: str, end: int, aliases: dict[str, str]) -> str:
    """The act named right after a reference: 'Article 25(2) of Regulation 2021/821'."""
    tail = question[end : end + 60]
    m = re.match(r"\s*(?:of|in|under)\s+(?:the\s+)?(.{0,50})", tail, re.I)
    if not m:
        return ""
    named = find_docs(m.group(1), aliases, first_only=True)
    return named[0] if named else ""


def _doc_named_by(before: str, aliases: dict[str, str]) -> str:
    """The document whose name the reference ends: "according to the commentary on Article 31"
    names the commentary, not the article of the act (2019/125) the question's other words
    ("the Anti-Torture Coordination Group") also name."""
    m = re.search(r"\b((?:commentary|comment|report|note|conclusions)\s+on)\s+(?:the\s+)?$", before, re.I)
    if not m:
        return ""
    named = find_docs(before[max(0, m.start() - 20) : m.end()], aliases)
    return named[-1] if named else ""


def find_docs(text: str, aliases: dict[str, str], first_only: bool = False) -> list[str]:
    """Documents named in the text, by number ("2021/821") or alias ("dual-use regulation")."""
    low = text.lower()
    found: list[tuple[int, str]] = []
    for alias, doc in aliases.items():
        pos = low.find(alias)
        if pos >= 0 and (not first_only or pos < 12):
            found.append((pos, doc))
    found.sort()
    out = []
    for _, doc in found:
        if doc not in out:
            out.append(doc)
    return out


def _article_ref(number: str, brackets: str | None, doc: str) -> ArticleRef:
    """ "12(3)" -> paragraph 3; "2(k)" -> point k (a lettered definition); "12(3)(b)" -> both."""
    parts = re.findall(r"\(\s*(\w{1,4})\s*\)", brackets or "")
    paragraph = next((p for p in parts if p.isdigit()), "")
    point = next((p.lower() for p in parts if not p.isdigit()), "")
    return ArticleRef(number, paragraph, point, doc)


def parse(question: str, aliases: dict[str, str] | None = None) -> References:
    aliases = aliases or {}
    refs = References()
    refs.docs = find_docs(question, aliases)
    taken: list[tuple[int, int]] = []

    for m in _PARAGRAPH_OF.finditer(question):
        refs.articles.append(ArticleRef(m.group(2), m.group(1), "", _doc_after(question, m.end(), aliases)))
        taken.append(m.span())
    for m in _POINT_OF.finditer(question):
        refs.articles.append(ArticleRef(m.group(2), m.group(3) or "", m.group(1).lower(), _doc_after(question, m.end(), aliases)))
        taken.append(m.span())
    for m in _ARTICLES.finditer(question):
        lo, hi = int(m.group(1)), int(m.group(2))
        if 0 < hi - lo <= 10:
            doc = _doc_after(question, m.end(), aliases)
            refs.articles.extend(ArticleRef(str(n), doc=doc) for n in range(lo, hi + 1))
        taken.append(m.span())
    for m in _ARTICLE_LIST.finditer(question):
        if any(a <= m.start() < b for a, b in taken):
            continue
        doc = _doc_after(question, m.end(), aliases)
        for one in _ONE_RE.finditer(m.group(1)):
            refs.articles.append(_article_ref(one.group(1), one.group(2), doc))
        taken.append(m.span())
    for m in _ARTICLE.finditer(question):
        if any(a <= m.start() < b for a, b in taken):
            continue
        doc = _doc_after(question, m.end(), aliases) or _doc_named_by(question[: m.start()], aliases)
        refs.articles.append(_article_ref(m.group(1), m.group(2), doc))

    for m in _ITEM_OF_ANNEX.finditer(question):
        refs.annexes.append(AnnexRef(m.group(2).upper(), m.group(1), _doc_after(question, m.end(), aliases)))
    for m in _ANNEX.finditer(question):
        roman = m.group(1).upper()
        item = (m.group(2) or "").upper() if m.group(2) and re.match(r"\d[A-E]", m.group(2), re.I) else (m.group(2) or "")
        ref = AnnexRef(roman, item, _doc_after(question, m.end(), aliases))
        if not any(r.annex == roman and r.item for r in refs.annexes):
            refs.annexes.append(ref)
    refs.recitals = _RECITAL.findall(question)
    refs.entries = list(dict.fromkeys(e.upper() for e in _ENTRY.findall(question)))
    scene = {e.upper() for e in _SCENE_ENTRY.findall(question)}
    if scene and _GENERAL_AUTHORISATION.search(question):
        refs.scene_entries = [e for e in refs.entries if e in scene]
        refs.entries = [e for e in refs.entries if e not in scene]
    refs.sub_items = list(dict.fromkeys(f"{code.upper()}{sub.lower()}" for code, sub in _SUB_ITEM.findall(question)))
    refs.geas = list(dict.fromkeys(g.upper().replace(" ", "") for g in _GEA.findall(question)))
    refs.cas = list(dict.fromkeys(CAS.findall(question)))
    for m in CN.finditer(question):
        digits = "".join(g for g in m.groups() if g)
        if len(digits) >= 6 and not re.fullmatch(r"(19|20)\d{2}", m.group(1)):
            refs.cn_codes.append(digits)
    return refs
