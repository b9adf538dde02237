"""The checks every item must pass: the defects item-writing guides warn about.

Each check reads the item's ``Basis`` (the claim behind the options) and the passages, so it
judges template items and model-phrased items alike. ``check_item`` returns every problem
found, each a ``Problem`` whose ``reason`` is the short label counted in the quiz summary.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.quiz.model import FALSE, TRUE, Basis, QuizItem
from assistant.quiz.text import content_tokens, find_quantities, norm, option_identity
from ingest.passage import Passage

#: reason labels (also the keys of the summary's rejection counts)
KEY_UNSUPPORTED = "key not supported by the cited passage"
OTHER_SUPPORTED = "another option supported by the cited passage"
DISTRACTOR_SUPPORTED = "distractor supported by a passage of the scope"
DUPLICATE_OPTIONS = "options not unique"
LENGTHS = "options of very different lengths"
KEY_LONGEST = "key is the longest option by a wide margin"
ALL_NONE = "'all/none of the above' option"
GIVEAWAY = "stem gives the answer away"
OFF_TOPIC = "stem not about the cited passage"
MALFORMED = "malformed item"
SAME_PASSAGE = "two items test the same passage"

ALL_NONE_RE = re.compile(
    r"\b(?:all|none|both|neither)\s+of\s+(?:the\s+)?(?:above|below|these|those|them|options|answers|preceding)\b"
    r"|\ball\s+(?:the\s+)?(?:above|options)\b|\bnone\s+(?:of\s+)?(?:the\s+)?above\b",
    re.I,
)
SEPARATOR = "\x00"
ANCHOR_SHARE = 0.25  # a stem keeps at least this share of the claim's own words (by root)
SOURCE_SHARE = 0.6  # ... and at least this share of its words come from the cited provision
#: roots of the words every question uses ("which option fills the gap", "true or false", ...)
QUESTION_WORDS = {
    t[:5]
    for t in (
        "which",
        "what",
        "who",
        "whom",
        "how",
        "long",
        "option",
        "options",
        "fill",
        "fills",
        "gap",
        "true",
        "false",
        "statement",
        "provides",
        "provide",
        "following",
        "term",
        "defined",
        "definition",
        "goods",
        "listed",
        "list",
        "entry",
        "covers",
        "cover",
        "control",
        "dual-use",
        "dual",
        "use",
        "article",
        "annex",
        "regulation",
        "chapter",
        "question",
        "correct",
        "answer",
        "according",
    )
}


@dataclass(frozen=True)
class Problem:
    reason: str
    detail: str

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}"


class Pool:
    """Passages an option must not be supported by, with one searchable normalised text.

    All texts are joined with a separator that no needle contains, so one substring search
    answers "does any passage say this?" and an offset maps back to its passage.
    """

    def __init__(self, passages: Iterable[Passage]):
        self.passages = list(passages)
        self.norms = {p.id: norm(p.text) for p in self.passages}
        self.by_id = {p.id: p for p in self.passages}
        starts, pieces, offset = [], [], 0
        for p in self.passages:
            starts.append(offset)
            text = self.norms[p.id]
            pieces.append(text)
            offset += len(text) + 1
        self.starts = starts
        self.text = SEPARATOR.join(pieces)

    def norm_of(self, passage: Passage) -> str:
        text = self.norms.get(passage.id)
        if text is None:
            text = self.norms[passage.id] = norm(passage.text)
        return text

    def passage_at(self, offset: int) -> Passage:
        return self.passages[bisect.bisect_right(self.starts, offset) - 1]

    def containing(self, needle: str) -> list[Passage]:
        """Every passage whose normalised text contains the (normalised) needle."""
        if not needle or SEPARATOR in needle:
            return []
        found, seen, start = [], set(), 0
        while True:
            at = self.text.find(needle, start)
            if at < 0:
                return found
            p = self.passage_at(at)
            if p.id not in seen:
                seen.add(p.id)
                found.append(p)
            start = at + 1

    def refuting(self, basis: Basis, asserted: str) -> Passage | None:
        """A passage that states another value in the same place as a cloze claim."""
        for p in self.containing(
            norm(basis.before).strip()[-60:] if basis.before.strip() else norm(basis.after)[:60]
        ):
            if refutes(basis, asserted, p, self.norm_of(p)):
                return p
        return None


# -- what a passage says about one option --------------------------------------------------------
def _cloze_value(basis: Basis, text: str) -> list[str]:
    """The values a passage's text puts in the slot of a cloze claim (empty if it lacks the slot)."""
    before, after = norm(basis.before), norm(basis.after)
    if not before.strip() and not after.strip():
        return []
    pattern = re.escape(before.strip()) + r"\s*" if before.strip() else r"(?:^|(?<=[.;:] ))"
    pattern += r"([^\x00]{1,80}?)"
    pattern += (r"\s*" + re.escape(after.strip())) if after.strip() else r"(?=[.;,:]|$)"
    return [m.group(1).strip() for m in re.finditer(pattern, text)]


def _attr_value(basis: Basis, passage: Passage) -> str:
    value = getattr(passage, basis.attr, "") or ""
    return norm(value) if basis.attr == "term" else value


def claims(basis: Basis, value: str, passage: Passage, text: str | None = None) -> bool:
    """Does ``passage`` state the claim that the option with ``value`` makes?"""
    text = norm(passage.text) if text is None else text
    if basis.kind == "cloze":
        if not value:
            return False
        return norm(basis.before + value + basis.after).strip() in text
    if passage.doc_id != basis.doc_id or not value or norm(basis.phrase) not in text:
        return False
    wanted = norm(value) if basis.attr == "term" else value
    return _attr_value(basis, passage) == wanted


def refutes(basis: Basis, value: str, passage: Passage, text: str | None = None) -> bool:
    """Does ``passage`` state something else where the claim with ``value`` would be?"""
    text = norm(passage.text) if text is None else text
    if basis.kind == "cloze":
        found = _cloze_value(basis, text)
        return bool(found) and all(v != norm(value) for v in found)
    if passage.doc_id != basis.doc_id or norm(basis.phrase) not in text:
        return False
    actual = _attr_value(basis, passage)
    wanted = norm(value) if basis.attr == "term" else value
    return bool(actual) and actual != wanted


def supports(item: QuizItem, option_value: str, passage: Passage, text: str | None = None) -> bool:
    """Does ``passage`` support the option? True/false options support or refute the statement."""
    if item.type == "truefalse":
        if option_value == TRUE.lower():
            return claims(item.basis, item.basis.asserted, passage, text)
        if option_value == FALSE.lower():
            return refutes(item.basis, item.basis.asserted, passage, text)
        return False
    return claims(item.basis, option_value, passage, text)


# -- the checks ------------------------------------------------------------------------------
def check_structure(item: QuizItem) -> list[Problem]:
    problems = []
    if (
        len(item.options) < 2
        or len(item.options) != len(item.values)
        or item.key not in item.options
    ):
        problems.append(
            Problem(
                MALFORMED, "needs at least two options, one value per option and the key among them"
            )
        )
    if item.type != "truefalse" and len(item.options) != 4:
        problems.append(
            Problem(
                MALFORMED,
                f"{len(item.options)} options; multiple choice items have one key and three distractors",
            )
        )
    return problems


def check_cited_support(item: QuizItem, cited: Passage, text: str | None = None) -> list[Problem]:
    """Exactly one option is supported by the cited passage, and it is the key."""
    supported = [
        o for o, v in zip(item.options, item.values, strict=True) if supports(item, v, cited, text)
    ]
    problems = []
    if item.key not in supported:
        problems.append(Problem(KEY_UNSUPPORTED, f"{cited.citation} does not state {item.key!r}"))
    for option in supported:
        if option != item.key:
            problems.append(Problem(OTHER_SUPPORTED, f"{cited.citation} also supports {option!r}"))
    return problems


def check_distractors(item: QuizItem, pool: Pool) -> list[Problem]:
    """No distractor is supported by any passage of the scope (searched in one pass per option)."""
    problems = []
    for option, value in zip(item.options, item.values, strict=True):
        if option == item.key:
            continue
        hit = _supporting(item, value, pool)
        if hit is not None:
            problems.append(
                Problem(DISTRACTOR_SUPPORTED, f"{option!r} is stated by {hit.citation}")
            )
    return problems


def _supporting(item: QuizItem, value: str, pool: Pool) -> Passage | None:
    basis = item.basis
    if item.type == "truefalse":
        if value == FALSE.lower():
            return pool.refuting(basis, basis.asserted)
        value = basis.asserted
    if not value:
        return None
    if basis.kind == "cloze":
        hits = pool.containing(norm(basis.before + value + basis.after).strip())
        return hits[0] if hits else None
    for p in pool.containing(norm(basis.phrase)):
        if claims(basis, value, p, pool.norm_of(p)):
            return p
    return None


def check_options(item: QuizItem) -> list[Problem]:
    """Unique options of comparable length, the key not the longest by far, no 'all/none of the above'."""
    problems = []
    identities = [option_identity(o) for o in item.options]
    values = [norm(v) for v in item.values]
    if (
        len(set(identities)) < len(identities)
        or len(set(values)) < len(values)
        or _same_amounts(item.options)
    ):
        problems.append(Problem(DUPLICATE_OPTIONS, " / ".join(item.options)))
    for option in item.options:
        if ALL_NONE_RE.search(option):
            problems.append(Problem(ALL_NONE, option))
    lengths = sorted(len(o) for o in item.options)
    if lengths and lengths[-1] > max(2.5 * lengths[0], lengths[0] + 16):
        problems.append(Problem(LENGTHS, f"{lengths[0]} to {lengths[-1]} characters"))
    if item.key in item.options and len(item.options) > 1:
        others = sorted((len(o) for o in item.options if o != item.key), reverse=True)
        if len(item.key) > 1.3 * others[0] + 4:
            problems.append(
                Problem(KEY_LONGEST, f"key {len(item.key)} characters, next longest {others[0]}")
            )
    return problems


def _same_amounts(options: list[str]) -> bool:
    amounts = []
    for option in options:
        found = find_quantities(option)
        if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(option):
            amounts.append(found[0][2])
    return any(a.same_amount(b) for i, a in enumerate(amounts) for b in amounts[i + 1 :])


def check_stem(item: QuizItem, cited: Passage | None = None) -> list[Problem]:
    """The stem does not contain the answer (or most of its distinctive words) and stays on topic."""
    problems = []
    stem = norm(item.stem)
    if item.type != "truefalse" and item.key in item.options:
        key = norm(item.key).strip()
        if key and re.search(r"(?<![a-z0-9])" + re.escape(key) + r"(?![a-z0-9])", stem):
            problems.append(Problem(GIVEAWAY, f"the stem contains the key {item.key!r}"))
        else:
            others = {t for o in item.options if o != item.key for t in content_tokens(o)}
            distinctive = [
                t
                for t in dict.fromkeys(content_tokens(item.key))
                if t not in others and not t.isdigit()
            ]
            stem_words = set(content_tokens(item.stem))
            shared = [t for t in distinctive if t in stem_words]
            if distinctive and len(shared) * 2 >= len(distinctive):
                problems.append(
                    Problem(GIVEAWAY, f"the stem repeats {', '.join(shared)!s} from the key")
                )
    problems += _off_topic(item, cited)
    return problems


def _roots(text: str) -> set[str]:
    """Five-letter word roots, so 'notify' and 'notification' count as the same word."""
    return {t[:5] for t in content_tokens(text)}


def _off_topic(item: QuizItem, cited: Passage | None) -> list[Problem]:
    """A stem keeps some of the provision's own words and adds few words the provision lacks."""
    stem = _roots(item.stem) - QUESTION_WORDS
    anchor = _roots(item.basis.anchor)
    if anchor:
        recall = len(anchor & stem) / len(anchor)
        if recall < ANCHOR_SHARE:
            return [Problem(OFF_TOPIC, f"keeps {recall:.0%} of the provision's words")]
    if cited is not None and stem:
        source = _roots(
            " ".join((cited.text, cited.context, cited.citation, cited.title, item.basis.anchor))
        )
        foreign = sorted(stem - source)
        if len(foreign) > (1 - SOURCE_SHARE) * len(stem):
            return [
                Problem(OFF_TOPIC, f"words the provision does not use: {', '.join(foreign[:6])}")
            ]
    return []


def check_item(item: QuizItem, cited: Passage | None, pool: Pool) -> list[Problem]:
    """Every problem of one item (empty: the item may be used)."""
    problems = check_structure(item)
    if problems:
        return problems
    if cited is None:
        return [Problem(KEY_UNSUPPORTED, f"cited passage {item.passage_id!r} not found")]
    problems += check_cited_support(item, cited, pool.norm_of(cited))
    problems += check_distractors(item, pool)
    problems += check_options(item)
    problems += check_stem(item, cited)
    return problems


def check_quiz(items: list[QuizItem]) -> list[Problem]:
    """Quiz-level checks: no two items test the same passage."""
    seen: dict[str, int] = {}
    problems = []
    for n, item in enumerate(items, start=1):
        if item.passage_id in seen:
            problems.append(
                Problem(
                    SAME_PASSAGE,
                    f"items {seen[item.passage_id]} and {n} both test {item.passage_id}",
                )
            )
        else:
            seen[item.passage_id] = n
    return problems
