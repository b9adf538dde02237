"""The quiz objects: items, the claim each option makes, the quiz and its summary.

An item keeps, beside its wording, a ``Basis``: the claim its options make in a form a passage
can confirm or refute. The checks read the basis, never the stem, so an item phrased by a
language model is held to exactly the same evidence as a template item.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

TYPES = ("mcq", "number", "truefalse", "which-article", "definition", "annex")
TYPE_ALIASES = {
    "multiple-choice": "mcq",
    "multiplechoice": "mcq",
    "numbers": "number",
    "facts": "number",
    "numeric": "number",
    "true-false": "truefalse",
    "tf": "truefalse",
    "true/false": "truefalse",
    "which_article": "which-article",
    "whicharticle": "which-article",
    "article": "which-article",
    "definitions": "definition",
    "term": "definition",
    "annexes": "annex",
    "classification": "annex",
}
TRUE, FALSE = "True", "False"
LETTERS = "ABCDEFGH"


class QuizError(ValueError):
    """A quiz that cannot be built (bad scope, document, type or format; too few items)."""


@dataclass(frozen=True)
class Basis:
    """The claim the options make.

    ``cloze``: option X claims that ``before + X + after`` is the text of the provision.
    ``attribute``: option X claims that the passage containing ``phrase`` has ``attr`` = X
    (its Article number, its Annex, its control-list entry, its defined term).
    ``asserted`` is set for true/false items: the value the statement asserts.
    """

    kind: str  # "cloze" | "attribute"
    doc_id: str
    before: str = ""
    after: str = ""
    attr: str = ""  # "article" | "annex" | "item" | "term"
    phrase: str = ""
    asserted: str = ""

    @property
    def anchor(self) -> str:
        """The words a stem must keep to stay about the provision."""
        return self.phrase if self.kind == "attribute" else f"{self.before} {self.after}"


@dataclass
class QuizItem:
    type: str
    stem: str
    options: list[str]
    values: list[str]  # what each option claims under the basis ("22", "III", "30 days", "true")
    key: str  # the text of the correct option
    explanation: str  # quotes the source passage
    citation: str
    url: str
    passage_id: str
    doc_id: str
    difficulty: str
    basis: Basis
    facet: str = ""  # period, measure, authority, annex-reference, goods, entry, definition
    shown: str = ""  # how the stem quotes the basis phrase ("…" where it was cut)
    phrased_by: str = "template"

    @property
    def key_index(self) -> int:
        return self.options.index(self.key)

    @property
    def key_letter(self) -> str:
        return LETTERS[self.key_index]

    @property
    def key_value(self) -> str:
        return self.values[self.key_index]

    def to_dict(self) -> dict:
        data = asdict(self)
        data["key_letter"] = self.key_letter if self.key in self.options else ""
        return data


@dataclass
class QuizStats:
    """How many candidates were built, kept, rejected (and why) and replaced."""

    generated: int = 0
    passed: int = 0
    rejected: int = 0
    replaced: int = 0
    reasons: Counter = field(default_factory=Counter)
    llm_phrased: int = 0
    llm_kept: int = 0
    llm_rejected: int = 0
    llm_reasons: Counter = field(default_factory=Counter)
    notices: list[str] = field(default_factory=list)
    rejects: list[tuple[QuizItem, list[str]]] = field(
        default_factory=list
    )  # for review; not exported

    MAX_REJECTS = 200


@dataclass
class Quiz:
    items: list[QuizItem]
    doc: str | None
    scope: str | None
    seed: int
    types: list[str]
    stats: QuizStats
    title: str = ""

    def summary_line(self) -> str:
        s = self.stats
        line = f"{len(self.items)} items: {s.generated} generated, {s.passed} passed the checks, {s.rejected} rejected"
        if s.reasons:
            line += (
                " ("
                + "; ".join(
                    f"{n} {reason}"
                    for reason, n in sorted(s.reasons.items(), key=lambda kv: (-kv[1], kv[0]))
                )
                + ")"
            )
        line += f", {s.replaced} replaced"
        if s.llm_phrased:
            line += (
                f"; LLM phrased {s.llm_phrased}: {s.llm_kept} kept, {s.llm_rejected} rejected"
                " and replaced by the checked template wording"
            )
            if s.llm_reasons:
                line += " (" + "; ".join(f"{n} {r}" for r, n in sorted(s.llm_reasons.items())) + ")"
        for notice in s.notices:
            line += f". Note: {notice}"
        return line

    def to_dict(self) -> dict:
        s = self.stats
        return {
            "title": self.title,
            "doc": self.doc,
            "scope": self.scope,
            "seed": self.seed,
            "types": self.types,
            "summary": {
                "line": self.summary_line(),
                "items": len(self.items),
                "generated": s.generated,
                "passed": s.passed,
                "rejected": s.rejected,
                "replaced": s.replaced,
                "rejections": dict(sorted(s.reasons.items())),
                "llm": {"phrased": s.llm_phrased, "kept": s.llm_kept, "rejected": s.llm_rejected},
                "notices": list(s.notices),
            },
            "items": [
                dict(number=i, **item.to_dict()) for i, item in enumerate(self.items, start=1)
            ],
        }
