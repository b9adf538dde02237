"""Question files and the scoring rules of DESIGN.md, independent of how anyone chunks.

A retrieved text is relevant to a gold citation when it comes from the gold document and
contains the gold quote once whitespace runs, ``*`` and case are folded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.passage import fold

PERSONAS = ("official", "exporter", "trainer")
FIELDS = ("id", "persona", "question", "answerable", "gold", "must_include")


class QuestionFileError(ValueError):
    """A bad line in a question file: the message names the file and the line."""


@dataclass(frozen=True)
class Gold:
    doc: str
    ref: str
    quote: str


@dataclass(frozen=True)
class Question:
    id: str
    persona: str
    question: str
    answerable: bool
    gold: tuple[Gold, ...]
    must_include: tuple[str, ...]
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def json_lines(path: Path, error: type[ValueError]) -> Iterator[tuple[str, dict]]:
    """('file:line', object) for every non-blank line of a JSON-lines file; ``error`` names the
    file and line of the first unreadable one (question files and goods files share this)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read: {exc}") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{where}: invalid JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise error(f"{where}: expected a JSON object")
        yield where, obj


def load_questions(path: Path, known_docs: set[str] | None = None) -> list[Question]:
    """Validate every line first; nothing runs on a file with a bad line."""
    out: list[Question] = []
    seen: set[str] = set()
    for where, raw in json_lines(path, QuestionFileError):
        missing = [f for f in FIELDS if f not in raw]
        if missing:
            raise QuestionFileError(f"{where}: missing field(s) {', '.join(missing)}")
        if not isinstance(raw["question"], str) or not raw["question"].strip():
            raise QuestionFileError(f"{where}: 'question' must be a non-empty string")
        if not isinstance(raw["answerable"], bool):
            raise QuestionFileError(f"{where}: 'answerable' must be true or false")
        if not isinstance(raw["gold"], list) or not isinstance(raw["must_include"], list):
            raise QuestionFileError(f"{where}: 'gold' and 'must_include' must be lists")
        if raw["id"] in seen:
            raise QuestionFileError(f"{where}: duplicate id {raw['id']!r}")
        seen.add(raw["id"])
        gold = []
        for g in raw["gold"]:
            if not isinstance(g, dict) or not all(k in g for k in ("doc", "quote")):
                raise QuestionFileError(f"{where}: each gold entry needs 'doc' and 'quote'")
            if known_docs is not None and g["doc"] not in known_docs:
                raise QuestionFileError(f"{where}: unknown document id {g['doc']!r}")
            gold.append(Gold(g["doc"], g.get("ref", ""), g["quote"]))
        if raw["answerable"] and not gold:
            raise QuestionFileError(f"{where}: an answerable question needs at least one gold citation")
        out.append(
            Question(
                id=str(raw["id"]),
                persona=str(raw["persona"]),
                question=raw["question"],
                answerable=raw["answerable"],
                gold=tuple(gold),
                must_include=tuple(str(s) for s in raw["must_include"]),
                extra={k: v for k, v in raw.items() if k not in FIELDS},
            )
        )
    if not out:
        raise QuestionFileError(f"{path}: no questions")
    return out


def relevant(doc_id: str, text: str, gold: Gold) -> bool:
    return doc_id == gold.doc and fold(gold.quote) in fold(text)


def first_relevant_rank(retrieved: list[tuple[str, str]], gold: tuple[Gold, ...]) -> int:
    """1-based rank of the first retrieved (doc_id, text) relevant to any gold; 0 if none."""
    for rank, (doc_id, text) in enumerate(retrieved, start=1):
        if any(relevant(doc_id, text, g) for g in gold):
            return rank
    return 0


def all_gold_found(retrieved: list[tuple[str, str]], gold: tuple[Gold, ...]) -> bool:
    return all(any(relevant(d, t, g) for d, t in retrieved) for g in gold)


def facts_present(answer_text: str, must_include: tuple[str, ...]) -> bool:
    low = fold(answer_text)
    return all(fold(s) in low for s in must_include)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)
