"""Keyword tokens for BM25, shared by the index writer and the query side.

Legal and customs identifiers must survive tokenisation whole: "1C450", "76-74-4",
"2021/821", "EU001"; ordinary words are lower-cased and stemmed ("authorisations" ->
"authoris") so a question's wording need not match the act's inflection.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_STEM = Stemmer.Stemmer("english")
TOKEN = re.compile(r"\d{2,7}-\d{2}-\d|\d{4}/\d{1,4}|\d[a-z]\d{3}|eu\d{3}|[a-z0-9]+(?:['’][a-z]+)?")
STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "shall", "may", "must"]
)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEM.stemWord(word)


#: a name written in mixed case ("DUeS", the Dual-Use electronic system; "GaAs"): its stem ("due",
#: "gaa") is some common word's, so the word is kept whole as well (not "UAVs", a plural)
MIXED_CASE = re.compile(r"(?=[a-z]*[A-Z][a-z]*[A-Z])(?=[A-Z]*[a-z])(?![A-Z]+s$)[A-Za-z]+")


def tokenize(text: str) -> list[str]:
    out = []
    lowered = text.lower().replace("’", "'")
    same_places = len(lowered) == len(text)
    for m in TOKEN.finditer(lowered):
        tok = m.group(0)
        tok = tok.split("'")[0] if "'" in tok else tok
        if tok in STOPWORDS or (len(tok) == 1 and not tok.isdigit()):
            continue
        stem = _stem(tok) if tok.isalpha() else tok
        out.append(stem)
        if same_places and stem != tok and MIXED_CASE.fullmatch(text[m.start():m.start() + len(tok)]):
            out.append(tok)
    return out


def split_compound(tok: str, known: dict[str, float]) -> tuple[str, str] | None:
    """A token the documents never use that is two of their words run together ("thumbcuffs" for
    the acts' "thumb-cuffs", "legirons"): the two stems, the first as long as possible, each of
    at least three letters; None when no such split exists."""
    if tok in known or len(tok) < 7 or not tok.isalpha():
        return None
    for cut in range(len(tok) - 3, 2, -1):
        head, tail = _stem(tok[:cut]), _stem(tok[cut:])
        if head in known and tail in known:
            return head, tail
    return None
