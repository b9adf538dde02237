"""Keep passages inside the embedding window: split long units at block, then sentence, bounds.

all-MiniLM-L6-v2 reads 256 word pieces; the context header takes ~30 of them, so a passage
text stays under ~1,000 characters (about 200 pieces of legal English).
"""

from __future__ import annotations

import re

from ingest.sentences import split_sentences

TARGET_CHARS = 850
MAX_CHARS = 1000


def split_long(text: str, limit: int = MAX_CHARS) -> list[str]:
    """One over-long block -> sentence groups; a sentence longer than the limit is cut at ';' or ','."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    for sentence in split_sentences(text):
        if len(sentence) <= limit:
            pieces.append(sentence)
            continue
        for clause in re.split(r"(?<=[;,])\s+", sentence):
            while len(clause) > limit:
                cut = clause.rfind(" ", 0, limit)
                cut = cut if cut > limit // 2 else limit
                pieces.append(clause[:cut])
                clause = clause[cut:].lstrip()
            pieces.append(clause)
    return group(pieces, limit, joiner=" ")


def group(texts: list[str], limit: int = MAX_CHARS, target: int = TARGET_CHARS, joiner: str = "\n") -> list[str]:
    """Greedy grouping of consecutive pieces into parts of at most ``limit`` characters."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for piece in texts:
        for sub in split_long(piece, limit) if len(piece) > limit else [piece]:
            if current and size + len(sub) + 1 > target:
                parts.append(joiner.join(current))
                current, size = [], 0
            current.append(sub)
            size += len(sub) + 1
    if current:
        parts.append(joiner.join(current))
    return parts


def group_indexed(sizes: list[int], target: int = TARGET_CHARS) -> list[list[int]]:
    """Like ``group`` but returns index lists, so callers keep per-block metadata (pages, notes)."""
    groups: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i, n in enumerate(sizes):
        if current and size + n + 1 > target:
            groups.append(current)
            current, size = [], 0
        current.append(i)
        size += n + 1
    if current:
        groups.append(current)
    return groups


def sentence_case(text: str) -> str:
    """'GOODS WHICH HAVE NO PRACTICAL USE' -> 'Goods which have no practical use' (for headers only)."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        lowered = text.lower()
        for keep in ("EU", "UN", "CFSP", "GEA", "ICP", "UK", "USA", "UAV", "MTCR", "CWC", "NSG", "ATCG"):
            lowered = re.sub(rf"\b{keep.lower()}\b", keep, lowered)
        return lowered[:1].upper() + lowered[1:]
    return text
