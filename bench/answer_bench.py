"""Answer latency benchmark: warm p50/p95 for retrieval and for the whole extractive answer,
and the naive LangChain similarity_search on the same questions in the same run.
Target: whole answer p50 <= 60 ms on a 2-core machine.
Usage: .venv/bin/python bench/answer_bench.py [--index DIR] [--rounds 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default=None)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from assistant.service import Assistant
    from evals.baseline import build_baseline
    from evals.metrics import load_questions

    t0 = time.perf_counter()
    assistant = Assistant(args.index)
    cold = time.perf_counter() - t0
    questions = [q.question for f in ("questions_dev.jsonl", "questions_test.jsonl") for q in load_questions(ROOT / "evals" / f)]
    base = build_baseline(assistant.index_dir / "baseline")
    for q in questions[:5]:  # warm-up
        assistant.ask(q)
        base.search(q)
    from assistant import answer as answer_module

    retrieve, first, repeat, naive = [], [], [], []
    for rnd in range(args.rounds):
        if rnd == 0:
            answer_module._VECTORS.clear()  # first round: no sentence vector cached yet
        for q in questions:
            assistant.embedder.forget_queries()
            t = time.perf_counter()
            assistant.search(q, k=5)
            retrieve.append((time.perf_counter() - t) * 1000)
            if rnd == 0:
                assistant.embedder.forget_queries()  # a new question: its vector is not cached either
            t = time.perf_counter()
            assistant.ask(q, k=5)
            (first if rnd == 0 else repeat).append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            base.search(q, k=5)
            naive.append((time.perf_counter() - t) * 1000)
    print(f"{len(questions)} questions x {args.rounds} rounds, warm model; assistant cold start {cold:.2f} s")
    print(f"{'':44} {'p50 ms':>8} {'p95 ms':>8}")
    rows = [
        ("regassist retrieval", retrieve),
        ("regassist whole answer, new question", first),
        ("regassist whole answer, asked before", repeat),
        ("naive LangChain similarity_search", naive),
    ]
    for name, xs in rows:
        if xs:
            print(f"{name:44} {pct(xs, 0.5):8.1f} {pct(xs, 0.95):8.1f}")
    print(f"whole answer (new question) p50 / naive p50 = {pct(first, 0.5) / pct(naive, 0.5):.1f}  (target: whole answer p50 <= 60 ms)")


if __name__ == "__main__":
    main()
