"""Exports for learning platforms: Moodle GIFT, Aiken, CSV and JSON.

GIFT: every ``~ = # { } :`` (and the backslash) in text is escaped, each item carries its
citation in the feedback and a ``//`` comment with the passage id; true/false items use GIFT's
own {T}/{F} form. Aiken: one line per question, options ``A.``-``D.``, one ``ANSWER:`` line;
the format has no feedback, so citations are only in the other formats.
"""

from __future__ import annotations

import csv
import io
import json
import re

from assistant.quiz.model import LETTERS, TRUE, Quiz, QuizError, QuizItem

FORMATS = ("gift", "aiken", "csv", "json")
GIFT_SPECIAL = "~=#{}:"
CSV_FIELDS = (
    "number",
    "type",
    "difficulty",
    "stem",
    "option_a",
    "option_b",
    "option_c",
    "option_d",
    "answer",
    "answer_text",
    "explanation",
    "citation",
    "url",
    "passage_id",
    "doc_id",
)


def one_line(text: str) -> str:
    return " ".join((text or "").split())


def gift_escape(text: str) -> str:
    """Text -> GIFT text: one line, backslash and each of ``~ = # { } :`` escaped."""
    out = one_line(text).replace("\\", "\\\\")
    for ch in GIFT_SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_") or "quiz"


def _feedback(item: QuizItem) -> str:
    return f"{item.explanation} {item.url}".strip()


def to_gift(quiz: Quiz) -> str:
    lines = [
        f"// {one_line(quiz.title)}",
        f"// regassist quiz, seed {quiz.seed}; {one_line(quiz.summary_line())}",
        "// Every item cites the provision it tests; the feedback quotes it.",
        f"$CATEGORY: $course$/regassist/{_slug(quiz.title)}",
        "",
    ]
    for n, item in enumerate(quiz.items, start=1):
        lines.append(
            f"// {item.passage_id} | {one_line(item.citation)} | {item.type} | {item.difficulty}"
        )
        head = f"::Q{n:02d} {item.type}::{gift_escape(item.stem)}"
        cite = gift_escape(item.citation)
        general = gift_escape(_feedback(item))
        if item.type == "truefalse":
            answer = "T" if item.key == TRUE else "F"
            lines.append(
                f"{head} {{{answer}#Incorrect. See {cite}.#Correct. {cite}.####{general}}}"
            )
        else:
            lines.append(head + " {")
            for option in item.options:
                if option == item.key:
                    lines.append(f"\t={gift_escape(option)}#Correct. {cite}.")
                else:
                    lines.append(f"\t~{gift_escape(option)}#Incorrect. See {cite}.")
            lines.append(f"\t####{general}")
            lines.append("}")
        lines.append("")
    return "\n".join(lines)


def to_aiken(quiz: Quiz) -> str:
    blocks = []
    for item in quiz.items:
        if len(item.options) > 4:
            raise QuizError(
                f"Aiken allows four options at most; item {item.passage_id} has {len(item.options)}"
            )
        stem = one_line(item.stem)
        if re.match(r"^[A-Z][.)]\s", stem) or stem.startswith("ANSWER:"):
            stem = "Q: " + stem  # would be read as an option or an answer line
        lines = [stem]
        lines += [f"{LETTERS[i]}. {one_line(option)}" for i, option in enumerate(item.options)]
        lines.append(f"ANSWER: {item.key_letter}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def to_csv(quiz: Quiz) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for n, item in enumerate(quiz.items, start=1):
        row = {
            "number": n,
            "type": item.type,
            "difficulty": item.difficulty,
            "stem": one_line(item.stem),
            "answer": item.key_letter,
            "answer_text": item.key,
            "explanation": one_line(item.explanation),
            "citation": item.citation,
            "url": item.url,
            "passage_id": item.passage_id,
            "doc_id": item.doc_id,
        }
        for i, letter in enumerate("abcd"):
            row[f"option_{letter}"] = item.options[i] if i < len(item.options) else ""
        writer.writerow(row)
    return buffer.getvalue()


def to_json(quiz: Quiz) -> str:
    return json.dumps(quiz.to_dict(), indent=2, ensure_ascii=False) + "\n"


def export(quiz: Quiz, fmt: str) -> str:
    """The quiz as text in ``fmt`` (gift | aiken | csv | json); QuizError for another format."""
    name = (fmt or "").strip().lower()
    writers = {"gift": to_gift, "aiken": to_aiken, "csv": to_csv, "json": to_json}
    if name not in writers:
        raise QuizError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return writers[name](quiz)
