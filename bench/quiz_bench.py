"""Quiz benchmark: generate items over the whole corpus, re-check them, and let the assistant
answer each stem; prints how many pass the checks, how many the assistant answers correctly,
and the seconds taken.

    .venv/bin/python bench/quiz_bench.py --index /tmp/idx1 [--n 100] [--seed 0] [--json out.json]

"Answers correctly" is judged per kind, against the key, from the answer the assistant gives
in its default (extractive) mode, asked exactly as a user would (no document filter):

- mcq / number (fill the gap): the key's text appears in the answer and no distractor does;
- which-article / definition / annex: the answer's first source is the key (its Article, its
  defined term, its Annex or control-list entry, in the same act);
- truefalse: the extractive answer cannot say "true" or "false"; it counts as correct when the
  answer cites the provision that decides the statement (same act and Article/Annex entry).

Also printed for every kind: whether the cited provision is among the answer's sources at all,
and how often the assistant abstained. Figures, not pass/fail: this is a benchmark.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.quiz import QuizItem, build_quiz, check_item  # noqa: E402
from assistant.quiz.checks import Pool  # noqa: E402
from assistant.quiz.text import norm  # noqa: E402
from ingest.passage import Passage  # noqa: E402


def same_provision(a: Passage, b: Passage) -> bool:
    """Same act and same Article (or same Annex entry, or same recital)."""
    if a.doc_id != b.doc_id:
        return False
    if a.article and not a.recital:
        return a.article == b.article and not b.recital
    if a.annex:
        return a.annex == b.annex and a.item == b.item
    return a.id == b.id


def judge(item: QuizItem, answer, by_id: dict[str, Passage]) -> dict:
    """Did the assistant's answer give the key? (see the module docstring for the rule per kind)"""
    sources = [by_id[c.passage_id] for c in answer.citations if c.passage_id in by_id]
    cited = by_id[item.passage_id]
    found = any(same_provision(cited, s) for s in sources)
    text = norm(answer.text)
    first = sources[0] if sources else None
    if answer.abstained:
        correct = False
    elif item.type in ("mcq", "number"):
        distractors = [o for o in item.options if o != item.key]
        correct = norm(item.key) in text and not any(norm(d) in text for d in distractors)
    elif item.type == "which-article":
        correct = (
            bool(first)
            and first.doc_id == item.doc_id
            and first.article == item.key_value
            and not first.recital
        )
    elif item.type == "definition":
        correct = bool(first) and first.doc_id == item.doc_id and norm(first.term) == norm(item.key)
    elif item.type == "annex":
        attr = item.basis.attr  # "annex" (goods lists) or "item" (control-list entry)
        correct = (
            bool(first) and first.doc_id == item.doc_id and getattr(first, attr) == item.key_value
        )
    else:  # truefalse
        correct = found
    return {"correct": correct, "provision_cited": found, "abstained": answer.abstained}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--index", default=None, help="index folder (default: REGASSIST_INDEX or var/index)"
    )
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default=None, help="also write the per-item results here")
    args = parser.parse_args(argv)

    from assistant.service import Assistant

    t0 = time.perf_counter()
    assistant = Assistant(args.index)
    t_load = time.perf_counter() - t0

    t0 = time.perf_counter()
    quiz = build_quiz(assistant, n=args.n, seed=args.seed)
    t_build = time.perf_counter() - t0

    t0 = time.perf_counter()
    by_id = {p.id: p for p in assistant.passages}
    pool = Pool(assistant.passages)  # the whole corpus: the scope of a corpus-wide quiz
    passing = [
        item for item in quiz.items if not check_item(item, by_id.get(item.passage_id), pool)
    ]
    t_check = time.perf_counter() - t0

    assistant.ask(
        "warm-up: who chairs the Anti-Torture Coordination Group?"
    )  # model load not timed per item
    t0 = time.perf_counter()
    rows = []
    for item in quiz.items:
        answer = assistant.ask(item.stem)
        rows.append(
            {
                "type": item.type,
                "passage_id": item.passage_id,
                "key": item.key,
                "stem": item.stem,
                **judge(item, answer, by_id),
            }
        )
    t_ask = time.perf_counter() - t0

    per_type: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        per_type[row["type"]].append(row)
    s = quiz.stats
    n = len(quiz.items)
    correct = sum(r["correct"] for r in rows)
    print(
        f"Quiz benchmark: {n} items over the whole corpus (seed {args.seed}), index {assistant.index_dir}"
    )
    print(
        f"  generation: {s.generated} candidates built, {s.passed} passed the checks, {s.rejected} rejected, {s.replaced} replaced"
    )
    for reason, count in sorted(s.reasons.items(), key=lambda kv: -kv[1]):
        print(f"      rejected: {count:3} {reason}")
    print(f"  re-checked independently: {len(passing)}/{n} kept items pass every check")
    print(f"  assistant answers correctly: {correct}/{n} ({correct / max(n, 1):.0%})")
    print(f"  {'kind':14} {'items':>5} {'correct':>8} {'provision cited':>16} {'abstained':>10}")
    for kind in sorted(per_type):
        group = per_type[kind]
        print(
            f"  {kind:14} {len(group):5} {sum(r['correct'] for r in group):8} "
            f"{sum(r['provision_cited'] for r in group):16} {sum(r['abstained'] for r in group):10}"
        )
    print(
        f"  seconds: load {t_load:.1f}, build {t_build:.2f}, re-check {t_check:.2f}, "
        f"ask {t_ask:.1f} ({t_ask / max(n, 1) * 1000:.0f} ms per item), total {t_load + t_build + t_check + t_ask:.1f}"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"summary": quiz.summary_line(), "items": rows}, indent=2, ensure_ascii=False
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
