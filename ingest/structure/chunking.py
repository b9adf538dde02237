"""Keep passages inside the embedding window: split long units at block, then sentence,
then clause bounds, counting the model's own word pieces (context header included).

A unit that fits stays one passage; the parts of a split unit share its citation.
"""

from __future__ import annotations

import re

from ingest.sentences import split_sentences
from ingest.wordpieces import WINDOW, count

TARGET_CHARS = 850  # also keep parts focused: a long list is split even if it would fit
MAX_CHARS = 1000
HEADING_CHARS = 70


def budget_for(context: str) -> int:
    """Word pieces left for the text once the context header and [CLS]/[SEP] are counted."""
    return WINDOW - 2 - count(context + "\n") - 2


def fits(text: str, budget: int) -> bool:
    return len(text) <= MAX_CHARS and count(text) <= budget


class Piece(str):
    """A piece of a block; ``continues`` when it is a clause or words of the same sentence as the
    piece before it, so the two are joined by a space, not a line break (".6, .7, .8")."""

    continues: bool = False


def _piece(text: str, continues: bool) -> Piece:
    piece = Piece(text)
    piece.continues = continues
    return piece


def join_pieces(pieces: list[str]) -> str:
    """Pieces of one part -> its text: blocks and sentences on their own lines, the fragments of
    one split sentence run on."""
    out = ""
    for i, piece in enumerate(pieces):
        if i:
            out += " " if getattr(piece, "continues", False) else "\n"
        out += piece
    return out


def pieces_within(text: str, budget: int) -> list[str]:
    """One block -> pieces that each fit the budget: sentences, then clauses, then words."""
    if count(text) <= budget and len(text) <= MAX_CHARS:
        return [text]
    out: list[str] = []
    for sentence in split_sentences(text):
        if count(sentence) <= budget and len(sentence) <= MAX_CHARS:
            out.append(sentence)
            continue
        first = True
        for clause in re.split(r"(?<=[;,])\s+", sentence):
            if count(clause) <= budget and len(clause) <= MAX_CHARS:
                out.append(_piece(clause, not first))
                first = False
                continue
            current: list[str] = []
            for word in clause.split():
                if current and (count(" ".join([*current, word])) > budget or len(" ".join(current)) > MAX_CHARS - 40):
                    out.append(_piece(" ".join(current), not first))
                    first = False
                    current = []
                current.append(word)
            if current:
                out.append(_piece(" ".join(current), not first))
                first = False
    return out


def sentence_starts(pieces: list[str], held: int = TARGET_CHARS // 4) -> dict[int, int]:
    """Where a part would rather start (for ``pack``'s ``welcome``): a sentence too long for one
    piece begins a new part once the current one holds ``held`` characters, with the short lead-in
    before it ("Note 3:"), so its opening words stay with the first of its clauses."""
    starts: dict[int, int] = {}
    for i in range(len(pieces) - 1):
        if getattr(pieces[i + 1], "continues", False) and not getattr(pieces[i], "continues", False):
            lead_in = i > 0 and len(pieces[i - 1]) <= 40 and pieces[i - 1].rstrip().endswith(":")
            starts[i - 1 if lead_in else i] = held
    return starts


def pack(
    pieces: list[str], budget: int, target_chars: int = TARGET_CHARS, welcome: dict[int, int] | None = None
) -> list[list[int]]:
    """Greedy grouping of consecutive pieces (by index) under the word-piece budget.

    ``welcome``: pieces a group would rather start at (a new sub-item of a list), each with the
    characters a group must hold before it ends there, so parts follow the text's own divisions
    without leaving scraps."""
    welcome = welcome or {}
    groups: list[list[int]] = []
    current: list[int] = []
    tokens = chars = 0
    for i, piece in enumerate(pieces):
        t, c = count(piece) + 1, len(piece) + 1
        if current and (
            tokens + t > budget or chars + c > target_chars or (i in welcome and chars >= welcome[i])
        ):
            groups.append(current)
            current, tokens, chars = [], 0, 0
        current.append(i)
        tokens += t
        chars += c
    if current:
        groups.append(current)
    return groups


def split_long(text: str, context: str = "") -> list[str]:
    """A whole text -> parts that fit the window with this context header."""
    budget = budget_for(context)
    pieces = [p for block in text.split("\n") for p in pieces_within(block, budget)]
    return [join_pieces([pieces[i] for i in group]) for group in pack(pieces, budget, welcome=sentence_starts(pieces))]


def shorten(text: str, limit: int = HEADING_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def sentence_case(text: str) -> str:
    """'GOODS WHICH HAVE NO PRACTICAL USE' -> 'Goods which have no practical use' (for headers only)."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        lowered = text.lower()
        for keep in ("EU", "UN", "CFSP", "GEA", "ICP", "UK", "USA", "UAV", "MTCR", "CWC", "NSG", "ATCG"):
            lowered = re.sub(rf"\b{keep.lower()}\b", keep, lowered)
        return lowered[:1].upper() + lowered[1:]
    return text
