"""Distractors of the same kind as the key: other periods, other Annexes, other authorities.

A distractor must be plausible (same unit, same shape, same kind of actor, an Annex that
exists) and wrong; plausibility is decided here, wrongness by the checks against every
passage of the scope. Corpus values ("six months" elsewhere in the act) are preferred to
invented ones because they are the confusions a trainee actually makes.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence

from assistant.quiz.text import Quantity, norm
from ingest.numerals import from_roman, to_roman

LADDERS: dict[str, tuple[float, ...]] = {
    "hour": (12, 24, 48, 72),
    "day": (5, 7, 10, 14, 15, 20, 30, 45, 60, 90),
    "calendar day": (5, 10, 15, 20, 30, 60),
    "working day": (3, 5, 10, 15, 20, 30),
    "week": (2, 4, 6, 8, 10, 12, 20, 26),
    "month": (1, 2, 3, 4, 6, 9, 12, 18, 24),
    "year": (1, 2, 3, 4, 5, 7, 10),
}
MEASURE_FACTORS = (0.5, 0.6, 0.75, 0.8, 1.25, 1.5, 2.0)
PERCENT_FACTORS = (0.1, 0.2, 0.5, 2.0, 3.0, 5.0, 10.0)

#: Actors of the regulations, grouped so that two forms of one actor are never both options.
ACTOR_GROUPS: dict[str, tuple[str, ...]] = {
    "commission": ("the Commission", "the European Commission"),
    "council": ("the Council",),
    "parliament": ("the European Parliament",),
    "competent": ("the competent authority", "the competent authorities"),
    "customs": ("the customs authorities", "the customs authority", "customs authorities"),
    "member-states": (
        "the Member States",
        "a Member State",
        "the Member State",
        "each Member State",
        "Member States",
    ),
    "exporter": ("the exporter", "exporters"),
    "importer": ("the importer",),
    "broker": ("the broker",),
    "applicant": ("the applicant", "applicants"),
    "supplier": ("the supplier of technical assistance",),
    "provider": ("the provider of technical assistance",),
    "group": (
        "the Anti-Torture Coordination Group",
        "the Dual-Use Coordination Group",
        "the Coordination Group",
    ),
    "manufacturer": ("the manufacturer",),
}
ACTOR_FORMS = sorted(
    ((form, group) for group, forms in ACTOR_GROUPS.items() for form in forms),
    key=lambda fg: -len(fg[0]),
)
ACTOR_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(f) for f, _ in ACTOR_FORMS)
    + r")(?=,?\s+(?:shall|may|must|should)\b)",
    re.I,
)
GROUP_OF = {f.lower(): g for f, g in ACTOR_FORMS}


def actor_group(text: str) -> str | None:
    return GROUP_OF.get(text.lower())


def groups_mentioned(text: str) -> set[str]:
    low = text.lower()
    return {
        g
        for f, g in ACTOR_FORMS
        if re.search(r"(?<![\w-])" + re.escape(f.lower()) + r"(?![\w-])", low)
    }


def pick(rng: random.Random, ranked: Sequence[str], k: int, window: int = 6) -> list[str]:
    """``k`` of the ``window`` best-ranked candidates, chosen at random (seeded), best first kept."""
    head = list(dict.fromkeys(ranked))[: max(window, k)]
    if len(head) < k:
        return []
    return rng.sample(head, k)


# -- quantities ------------------------------------------------------------------------------
def _round_measure(value: float) -> float:
    if value >= 50:
        return float(round(value / 5) * 5)
    if value >= 5:
        return float(round(value))
    return float(f"{value:.2g}")


def _synthetic(key: Quantity) -> list[Quantity]:
    if key.unit in LADDERS:
        ladder = LADDERS[key.unit]
    elif key.unit == "%":
        ladder = tuple(float(f"{key.lo * f:.2g}") for f in PERCENT_FACTORS)
    else:
        ladder = tuple(_round_measure(key.lo * f) for f in MEASURE_FACTORS)
    if not key.is_range:
        return [key.like(v) for v in ladder]
    if key.unit not in LADDERS:
        span = (key.hi or key.lo) / max(key.lo, 1e-9)
        return [key.like(v, _round_measure(v * span)) for v in ladder]
    return [key.like(a, b) for a in ladder for b in ladder if a < b]


def _distance(a: Quantity, b: Quantity) -> float:
    (a1, a2), (b1, b2) = a.magnitude(), b.magnitude()
    return abs(math.log((a1 + 1e-9) / (b1 + 1e-9))) + abs(math.log((a2 + 1e-9) / (b2 + 1e-9)))


def quantity_distractors(
    key: Quantity, corpus: Sequence[Quantity], rng: random.Random, k: int = 3
) -> list[str]:
    """Other amounts of the same family and shape: up to two from the act, the rest invented."""
    chosen: list[Quantity] = []

    def fits(q: Quantity) -> bool:
        text = norm(q.render())
        return (
            q.family == key.family
            and q.is_range == key.is_range
            and q.lo > 0
            and not q.same_amount(key)
            and all(not q.same_amount(c) and norm(c.render()) != text for c in chosen)
        )

    # ranges are re-written in the key's shape ("one to three years", not "between one and three years")
    real = [key.like(q.lo, q.hi, q.unit) if key.is_range else q for q in dict.fromkeys(corpus)]
    limit = 15.0 if key.family == "time" else 3.0  # '5 mm' is no distractor for '240 mm'
    real = [
        q
        for q in dict.fromkeys(real)
        if fits(q) and _distance(q, key) <= (2 if q.is_range else 1) * math.log(limit)
    ]
    if key.unit != "hour":
        real = [q for q in real if q.unit != "hour"]
    rng.shuffle(real)
    for q in real:
        if len(chosen) >= min(2, k):
            break
        if fits(q):
            chosen.append(q)
    synthetic = sorted(
        (q for q in _synthetic(key) if fits(q)), key=lambda q: (_distance(q, key), q.render())
    )
    pool = synthetic[:6]
    rng.shuffle(pool)
    for q in pool + synthetic[6:]:
        if len(chosen) >= k:
            break
        if fits(q):
            chosen.append(q)
    return [q.render() for q in chosen] if len(chosen) == k else []


# -- actors, Annexes, Articles, terms ---------------------------------------------------------
def actor_distractors(
    key: str,
    sentence: str,
    form_frequency: dict[str, int],
    rng: random.Random,
    k: int = 3,
    capital: bool = False,
) -> list[str]:
    """Other actors of the act (never another form of the key's actor, nor one the sentence names).

    Each group is shown in the form the act uses most ("the Dual-Use Coordination Group" in
    2021/821), and only groups whose name is of comparable length to the key are candidates.
    """
    key_group = actor_group(key)
    named = groups_mentioned(sentence)

    def form(group: str) -> str:
        forms = ACTOR_GROUPS[group]
        return max(forms, key=lambda f: (form_frequency.get(f.lower(), 0), -forms.index(f)))

    def used(group: str) -> int:
        return sum(form_frequency.get(f.lower(), 0) for f in ACTOR_GROUPS[group])

    def comparable(text: str) -> bool:  # options of comparable length: the checks insist on it
        return abs(len(text) - len(key)) <= max(7, 0.4 * len(key))

    candidates = [
        g for g in ACTOR_GROUPS if g != key_group and g not in named and comparable(form(g))
    ]
    candidates.sort(key=lambda g: (-min(used(g), 5), abs(len(form(g)) - len(key)), g))
    groups = pick(rng, candidates, k, window=5)
    return [form(g)[0].upper() + form(g)[1:] if capital else form(g) for g in groups]


def annex_distractors(
    key: str, annexes: Sequence[str], rng: random.Random, k: int = 3, exclude: Sequence[str] = ()
) -> list[str]:
    """Other Annexes of the same act, the nearest numbers first."""
    n = from_roman(key)
    others = [a for a in annexes if a != key and a not in exclude]
    others.sort(key=lambda a: (abs(from_roman(a) - n), from_roman(a)))
    return pick(rng, others, k, window=5)


def article_distractors(
    key: str,
    same_chapter: Sequence[str],
    all_articles: Sequence[str],
    rng: random.Random,
    exclude: Sequence[str] = (),
    k: int = 3,
) -> list[str]:
    """Other Articles, from the key's Chapter first, then the nearest numbers."""

    def num(a: str) -> int:
        m = re.match(r"\d+", a)
        return int(m.group()) if m else 0

    ranked = [a for a in same_chapter if a != key and a not in exclude]
    ranked.sort(key=lambda a: (abs(num(a) - num(key)), num(a)))
    chosen = pick(rng, ranked, min(k, len(ranked)), window=5) if ranked else []
    if len(chosen) < k:
        rest = [a for a in all_articles if a != key and a not in exclude and a not in chosen]
        rest.sort(key=lambda a: (abs(num(a) - num(key)), num(a)))
        chosen += rest[: k - len(chosen)]
    return chosen if len(chosen) == k else []


def term_distractors(
    key: str, terms: Sequence[str], definition: str, rng: random.Random, k: int = 3
) -> list[str]:
    """Other defined terms of the same Article 2, of similar length, not named in the definition."""
    text = norm(definition)
    candidates = [t for t in terms if norm(t) != norm(key) and norm(t) not in text]
    candidates.sort(key=lambda t: (abs(len(t) - len(key)), t))
    return pick(rng, candidates, k, window=6)


def roman_range(annexes: Sequence[str]) -> list[str]:
    return [to_roman(n) for n in sorted({from_roman(a) for a in annexes})]
