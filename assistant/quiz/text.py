"""Text helpers shared by the generators and the checks.

One normal form (``norm``) is used everywhere an option is compared with a passage, so that
"30 days" and "thirty days", or a curly and a straight apostrophe, are the same claim; the
checks would otherwise miss a distractor that the law states in other typography.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.passage import fold

_TYPOGRAPHY = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)

NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}
WORD_OF = {v: k for k, v in NUMBER_WORDS.items()}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b")

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "within",
        "without",
        "and",
        "or",
        "nor",
        "not",
        "no",
        "is",
        "are",
        "be",
        "been",
        "being",
        "was",
        "were",
        "shall",
        "may",
        "must",
        "should",
        "will",
        "would",
        "can",
        "could",
        "this",
        "that",
        "these",
        "those",
        "such",
        "its",
        "it",
        "their",
        "they",
        "them",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "if",
        "than",
        "then",
        "as",
        "any",
        "all",
        "each",
        "other",
        "another",
        "under",
        "into",
        "out",
        "up",
        "down",
        "over",
        "also",
        "only",
        "same",
        "so",
        "there",
        "here",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "per",
        "regulation",
        "article",
        "annex",
        "paragraph",
        "point",
        "eu",
    ]
)


def norm(text: str) -> str:
    """Folded text (case, whitespace, ``*``, quotes, dashes) with number words as digits."""
    folded = fold(text.translate(_TYPOGRAPHY))
    return _NUMBER_WORD.sub(lambda m: str(NUMBER_WORDS[m.group(1)]), folded)


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", norm(text))


def content_tokens(text: str) -> list[str]:
    """Words that carry meaning: no stop words, no one-letter labels."""
    return [t for t in tokens(text) if t not in STOPWORDS and (len(t) > 2 or t.isdigit())]


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def option_identity(option: str) -> str:
    """What two options must not share: same words up to plural and a leading article."""
    words = [singular(t) for t in tokens(option)]
    while words and words[0] in ("a", "an", "the", "each"):
        words = words[1:]
    return " ".join(words)


def shorten(text: str, words: int) -> str:
    """The first ``words`` words, with an ellipsis when something was cut (quotes stay verbatim)."""
    parts = text.split()
    if len(parts) <= words:
        return text.strip()
    return " ".join(parts[:words]).rstrip(",;:") + " …"


KEEP_CAPITAL = frozenset(
    [
        "Member",
        "Union",
        "Commission",
        "Council",
        "European",
        "Regulation",
        "Article",
        "Annex",
        "Annexes",
        "Chapter",
        "States",
        "State",
        "Customs",
        "Parliament",
    ]
)


def lower_first(text: str) -> str:
    """'A Member State shall' -> 'a Member State shall'; 'EU', 'Member States' and 'Annex II' stay."""
    m = re.match(r"([A-Z][a-z]*)\b", text)
    if not m or m.group(1) in KEEP_CAPITAL:
        return text
    return text[0].lower() + text[1:]


# -- Quantities: "30 days", "six months", "from three to twelve months", "240 mm", "0,3 %" ----
TIME_UNITS = (
    "working days",
    "calendar days",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "hours",
    "hour",
)
MEASURE_UNITS = ("mm", "cm", "kg", "%")
_NUM = r"(?:\d+(?:[.,]\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_UNIT = "|".join(re.escape(u) for u in TIME_UNITS + MEASURE_UNITS)
QUANTITY = re.compile(
    rf"(?<![\w.,/×-])(?P<lo>{_NUM})(?:\s*(?P<lounit>{_UNIT}))?"
    rf"(?:\s+(?P<join>to|and)\s+(?P<hi>{_NUM}))?\s*(?P<unit>{_UNIT})(?![\w/])",
    re.I,
)
DAYS_PER = {
    "hour": 1 / 24,
    "day": 1,
    "calendar day": 1,
    "working day": 1.4,
    "week": 7,
    "month": 30.4,
    "year": 365,
}


def unit_singular(unit: str) -> str:
    unit = unit.lower()
    if unit in ("%", "mm", "cm", "kg"):
        return unit
    return unit[:-1] if unit.endswith("s") else unit


@dataclass(frozen=True)
class Quantity:
    """A number (or range) with its unit and the way the text writes it."""

    lo: float
    hi: float | None
    unit: str  # singular: "day", "working day", "month", "mm", "%"
    words: bool  # "six months" rather than "6 months"
    comma: bool  # "0,3 %" rather than "0.3 %"
    lo_unit: bool = False  # "one year to three years" rather than "one to three years"
    join: str = "to"

    @property
    def family(self) -> str:
        return "time" if self.unit in DAYS_PER else self.unit

    @property
    def is_range(self) -> bool:
        return self.hi is not None

    def magnitude(self) -> tuple[float, float]:
        factor = DAYS_PER.get(self.unit, 1.0)
        return (self.lo * factor, (self.hi if self.hi is not None else self.lo) * factor)

    def same_amount(self, other: Quantity) -> bool:
        """'12 months' and 'one year' are the same amount; options must differ by more."""
        if self.family != other.family or self.is_range != other.is_range:
            return False
        a, b = self.magnitude(), other.magnitude()
        return all(
            abs(x - y) <= 0.06 * max(abs(x), abs(y), 1e-9) for x, y in zip(a, b, strict=True)
        )

    def number_text(self, value: float) -> str:
        if value == int(value):
            n = int(value)
            if self.words and n in WORD_OF:
                return WORD_OF[n]
            return str(n)
        text = f"{value:g}"
        return text.replace(".", ",") if self.comma else text

    def unit_text(self, value: float) -> str:
        if self.unit in ("%", "mm", "cm", "kg"):
            return self.unit
        return self.unit if value == 1 else self.unit + "s"

    def render(self) -> str:
        lo = self.number_text(self.lo)
        if self.hi is None:
            return f"{lo} {self.unit_text(self.lo)}"
        hi = self.number_text(self.hi)
        if self.lo_unit:
            return f"{lo} {self.unit_text(self.lo)} {self.join} {hi} {self.unit_text(self.hi)}"
        return f"{lo} {self.join} {hi} {self.unit_text(self.hi)}"

    def like(self, lo: float, hi: float | None = None, unit: str | None = None) -> Quantity:
        """Another amount written the same way (same style, shape and unit unless given)."""
        return Quantity(lo, hi, unit or self.unit, self.words, self.comma, self.lo_unit, self.join)


def _number(text: str) -> float:
    text = text.lower()
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    return float(text.replace(",", "."))


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """(start, end, quantity) for every period or measure in ``text``; '210 × 297 mm' is skipped."""
    out = []
    for m in QUANTITY.finditer(text):
        before = text[: m.start()].rstrip()
        if before.endswith(("×", " x", "+", "-")):
            continue
        lo_text, hi_text = m.group("lo"), m.group("hi")
        words = lo_text.lower() in NUMBER_WORDS
        comma = "," in lo_text or bool(hi_text and "," in hi_text)
        q = Quantity(
            _number(lo_text),
            _number(hi_text) if hi_text else None,
            unit_singular(m.group("unit")),
            words,
            comma,
            bool(m.group("lounit")) and bool(hi_text),
            (m.group("join") or "to").lower(),
        )
        out.append((m.start(), m.end(), q))
    return out
