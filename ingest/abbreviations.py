"""Abbreviations a document defines, and the long form of each for its passages that write only
the short one.

Article 2(21) of 2021/821 defines "‘internal compliance programme’ or ‘ICP’"; Article 12(4),
the paragraph that says global authorisations need one, then writes only "shall implement an
ICP". A reader asking whether "an internal compliance programme is mandatory" shares no rare word
with it, so the keyword index ranked the definition and an Annex II point above it. The long
form joins the keywords of each passage of the same document that uses the short one: the
passage's text, its vector and what is quoted stay the document's own words.

A short form counts as defined only when the initials of the words around it spell it
("Enforcement Coordination Mechanism (ECM)", "Dual-Use electronic System (DUeS)"), so "Regulation
(EU)" or "goods (CAS 75-44-5)" define nothing; and only within its document, where one meaning
holds ("ECM" is the Council note's coordination mechanism, and Annex I's electro-chemical
machining).
"""

from __future__ import annotations

import re

CONNECTORS = frozenset({"on", "of", "for", "and", "the", "to", "in"})
_SHORT = r"[A-Z][A-Za-z]{0,2}[A-Z][A-Za-z]{0,3}"  # ICP, ATCG, DUeS, ROIC: two capitals at least
_QUOTES = str.maketrans({c: " " for c in "‘’“”\"*"})
# "Long Form (SHORT)"; "long form or SHORT" (a definition: "‘internal compliance programme’ or
# ‘ICP’ means"); "SHORT (Long Form)"
_BEFORE = re.compile(r"((?:[\w-]+\s+){1,8}?)\(\s*(" + _SHORT + r")\s*\)")
_OR = re.compile(r"((?:[\w-]+\s+){1,8}?)or\s+(" + _SHORT + r")\s+(?:means|shall mean|is|are)\b")
_AFTER = re.compile(r"\b(" + _SHORT + r")\s+\(((?:[\w-]+\s+){0,7}[\w-]+)\s*[),]")
# two-letter forms ("MS", "SC") are too often something else: three capitals ("ICP", "DUeS") or,
# with two, four characters at least
MIN_SHORT = 3


def initials(words: list[str]) -> str:
    return "".join(part[0] for w in words if w.lower() not in CONNECTORS for part in w.split("-") if part)


def _spelled_by(words: list[str], short: str, from_end: bool) -> str:
    """The shortest run of ``words`` (ending at the last word, or starting at the first) whose
    initials spell ``short``; '' when none does."""
    for size in range(1, len(words) + 1):
        part = words[-size:] if from_end else words[:size]
        spelled = initials(part).upper()
        if len(spelled) > len(short):
            break
        if spelled == short.upper() and part[0].lower() not in CONNECTORS:
            return " ".join(part)
    return ""


def defined(text: str) -> dict[str, str]:
    """{'ICP': 'internal compliance programme', ...}: each short form the text defines."""
    flat = " ".join(text.translate(_QUOTES).split())
    found: dict[str, str] = {}
    # (pattern, group of the short form, group of the words around it, long form ends there)
    for pattern, short_at, words_at, from_end in ((_BEFORE, 2, 1, True), (_OR, 2, 1, True), (_AFTER, 1, 2, False)):
        for m in pattern.finditer(flat):
            long = _spelled_by(m.group(words_at).split(), m.group(short_at), from_end)
            if long:
                found.setdefault(m.group(short_at), long)
    return found


def document_abbreviations(texts: list[str]) -> dict[str, str]:
    """The short forms one document defines, each with its one long form; a short form the
    document spells two ways is left out (which one a passage means is not known)."""
    seen: dict[str, set[str]] = {}
    for text in texts:
        for short, long in defined(text).items():
            if len(re.sub(r"[^A-Z]", "", short)) >= MIN_SHORT or len(short) >= MIN_SHORT + 1:
                seen.setdefault(short, set()).add(long.lower())
    return {short: next(iter(longs)) for short, longs in seen.items() if len(longs) == 1}


def long_forms(text: str, abbreviations: dict[str, str]) -> list[str]:
    """The long forms of the short forms ``text`` uses without spelling them out; not a short form
    within a longer name ("ICP/MS", Annex I's inductively coupled plasma mass spectrometers)."""
    folded = " ".join(text.translate(_QUOTES).split()).lower()
    return [long for short, long in abbreviations.items() if re.search(rf"(?<![\w/-]){short}(?![\w/-])", text) and long not in folded]
