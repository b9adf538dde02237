"""Roman numerals of chapters and annexes ("Annex III" <-> 3), shared by the parser, the
retriever and the quiz builder."""

from __future__ import annotations

_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_PAIRS = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def from_roman(text: str) -> int:
    text = text.upper()
    total = 0
    for i, ch in enumerate(text):
        value = _VALUES[ch]
        total += -value if i + 1 < len(text) and _VALUES[text[i + 1]] > value else value
    return total


def to_roman(n: int) -> str:
    out = []
    for value, letters in _PAIRS:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)
