"""Scopes a trainer types ("Chapter V", "Articles 20-23", "Article 12", "Annex III") -> passages.

Parsed here rather than through the question parser because a scope is a range over the
document's structure, not a reference to look up; an unknown scope is an error, never a
silent "whole document".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.quiz.model import QuizError
from ingest.numerals import from_roman, to_roman
from ingest.passage import Passage

_ROMAN = r"[IVXLC]+"
_PART_SPLIT = re.compile(r"\s*(?:[,;+]|\band\b)\s*", re.I)
_CHAPTER = re.compile(rf"^(?:chapters?|ch\.?)\s*({_ROMAN}|\d+)$", re.I)
_ARTICLES = re.compile(
    r"^(?:articles?|arts?\.?)\s*(\d+[a-z]?)(?:\s*(?:-|–|—|to)\s*(\d+[a-z]?))?$", re.I
)
_ANNEXES = re.compile(rf"^(?:annex(?:es)?)\s*({_ROMAN})(?:\s*(?:-|–|—|to)\s*({_ROMAN}))?$", re.I)
_RECITALS = re.compile(r"^(?:recitals?)\s*(\d+)(?:\s*(?:-|–|—|to)\s*(\d+))?$", re.I)
_CHAPTER_LABEL = re.compile(rf"^Chapter\s+({_ROMAN})\b", re.I)
EXAMPLES = "'Chapter V', 'Articles 20-23', 'Article 12', 'Annex III' (several joined by commas)"


@dataclass(frozen=True)
class Range:
    """One part of a scope: a kind and an inclusive numeric range."""

    kind: str  # chapter | article | annex | recital
    lo: int
    hi: int
    label: str

    def matches(self, p: Passage) -> bool:
        if self.kind == "chapter":
            m = _CHAPTER_LABEL.match(p.chapter or "")
            return bool(m) and self.lo <= from_roman(m.group(1)) <= self.hi
        if self.kind == "article":
            n = _leading_int(p.article)
            return n is not None and not p.recital and self.lo <= n <= self.hi
        if self.kind == "annex":
            return (
                bool(p.annex)
                and re.fullmatch(_ROMAN, p.annex, re.I) is not None
                and self.lo <= from_roman(p.annex) <= self.hi
            )
        n = _leading_int(p.recital)
        return n is not None and self.lo <= n <= self.hi


def _leading_int(text: str) -> int | None:
    m = re.match(r"\d+", text or "")
    return int(m.group()) if m else None


def _number(text: str, roman: bool) -> int:
    if text.isdigit():
        return int(text)
    if roman:
        return from_roman(text)
    return int(re.match(r"\d+", text).group())


def parse_scope(scope: str) -> list[Range]:
    """'Articles 20-23, Annex III' -> [Range(article 20..23), Range(annex 3..3)]; QuizError if unknown."""
    text = " ".join((scope or "").split())
    if not text:
        raise QuizError(f"empty scope; use e.g. {EXAMPLES}")
    ranges: list[Range] = []
    names = {"chapter": "Chapter", "article": "Article", "annex": "Annex", "recital": "recital"}
    for part in (x for x in _PART_SPLIT.split(text) if x):
        if ranges and re.fullmatch(
            r"(?:\d+[a-z]?|[IVXLC]+)(?:\s*(?:-|–|—|to)\s*(?:\d+[a-z]?|[IVXLC]+))?", part
        ):
            part = f"{names[ranges[-1].kind]} {part}"  # 'Articles 20 and 23': the kind carries over
        for kind, pattern, roman in (
            ("chapter", _CHAPTER, True),
            ("article", _ARTICLES, False),
            ("annex", _ANNEXES, True),
            ("recital", _RECITALS, False),
        ):
            m = pattern.match(part)
            if not m:
                continue
            first, last = (m.groups() + (None,))[:2]
            lo = _number(first, roman)
            hi = _number(last, roman) if last else lo
            if hi < lo:
                raise QuizError(f"scope {part!r}: the range runs backwards")
            name = {
                "chapter": "Chapter",
                "article": "Article",
                "annex": "Annex",
                "recital": "recital",
            }[kind]
            show = (lambda n: to_roman(n)) if kind in ("chapter", "annex") else str
            label = (
                f"{name} {show(lo)}"
                if lo == hi
                else f"{name}s {show(lo)}-{show(hi)}"
                if kind != "annex"
                else f"Annexes {show(lo)}-{show(hi)}"
            )
            ranges.append(Range(kind, lo, hi, label))
            break
        else:
            raise QuizError(f"unknown scope {part!r}; use e.g. {EXAMPLES}")
    return ranges


def select(passages: list[Passage], doc: str | None, scope: str | None) -> list[Passage]:
    """Passages of ``doc`` (all documents if None) inside ``scope`` (everything if None)."""
    chosen = [p for p in passages if doc is None or p.doc_id == doc]
    if scope:
        ranges = parse_scope(scope)
        chosen = [p for p in chosen if any(r.matches(p) for r in ranges)]
        if not chosen:
            where = doc or "the corpus"
            raise QuizError(f"scope {scope!r} matches no passage of {where}")
    return sorted(chosen, key=lambda p: (p.doc_id, p.order, p.id))
