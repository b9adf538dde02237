"""Benchmark: the dense side alone, packaged model against the corpus-adapted one (ingest/adapt.py).

For every answerable question of the question files, the rank of its first gold passage among all
passages by cosine similarity, with each model's own passage vectors (read from the index's two
Chroma collections). No BM25, no rules: what the adaptation changes. Prints both rows and their
ratio; asserts nothing. Run (after `regassist ingest`):

    .venv/bin/python bench/dense_bench.py [--index var/index] [--questions 'evals/questions_dev*.jsonl']
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def gold_positions(passages, folded: list[str], question: dict, fold) -> set[int]:
    return {
        i for g in question["gold"] for i, p in enumerate(passages)
        if p.doc_id == g["doc"] and fold(g["quote"]) in folded[i]
    }


def figures(sims: np.ndarray, golds: list[set[int]]) -> dict[str, float]:
    ranks = []
    for row, gold in zip(sims, golds, strict=True):
        best = max(row[i] for i in gold)
        ranks.append(1 + int((row > best).sum()))
    r = np.array(ranks)
    return {"recall@1": float((r == 1).mean()), "recall@5": float((r <= 5).mean()), "recall@20": float((r <= 20).mean()),
            "mrr": float((1 / r).mean())}


def main() -> None:
    from ingest.embed import Embedder
    from ingest.index import IndexReader
    from ingest.passage import fold
    from ingest.settings import index_dir

    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default=None)
    ap.add_argument("--questions", default=str(ROOT / "evals" / "questions_dev*.jsonl"))
    args = ap.parse_args()
    reader = IndexReader(index_dir(args.index))
    if reader.adapted_model is None:
        sys.exit("this index has no adapted model (REGASSIST_ADAPT=0, or a corpus under 500 passages)")
    passages = reader.passages
    folded = [fold(p.text) for p in passages]
    questions, golds = [], []
    for path in sorted(glob.glob(args.questions)):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            q = json.loads(line) if line.strip() else None
            if q and q["answerable"] and (g := gold_positions(passages, folded, q, fold)):
                questions.append(q["question"])
                golds.append(g)
    rows = {}
    for name, adapted, embedder in (
        ("packaged", False, Embedder.shared()),
        ("adapted", True, Embedder.shared(reader.adapted_model)),
    ):
        matrix = reader.vectors(adapted)
        t0 = time.perf_counter()
        q = embedder.embed(questions, batch_size=64)
        ms = (time.perf_counter() - t0) * 1000 / len(questions)
        rows[name] = {**figures(q @ matrix.T, golds), "embed_ms_per_question": ms}
    print(f"{len(questions)} answerable questions, {len(passages)} passages ({args.questions})")
    print(f"{'model':10} {'recall@1':>9} {'recall@5':>9} {'recall@20':>10} {'MRR':>6}")
    for name, r in rows.items():
        print(f"{name:10} {r['recall@1']:9.3f} {r['recall@5']:9.3f} {r['recall@20']:10.3f} {r['mrr']:6.3f}")
    a, b = rows["adapted"], rows["packaged"]
    print("ratio      " + " ".join(f"{a[m] / b[m]:9.2f}" for m in ("recall@1", "recall@5")) + f" {a['recall@20'] / b['recall@20']:10.2f} {a['mrr'] / b['mrr']:6.2f}")


if __name__ == "__main__":
    main()
