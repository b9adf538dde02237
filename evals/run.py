"""`regassist eval`: the assistant and the naive baseline scored on the same questions, same rule.

The assistant is driven through ``Assistant.ask`` exactly as the UI drives it.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path

from evals.metrics import (
    Question,
    all_gold_found,
    facts_present,
    first_relevant_rank,
    load_questions,
    percentile,
    relevant,
)

EVALS = Path(__file__).resolve().parent
TARGETS = {
    "recall@1": 0.85,
    "recall@5": 0.97,
    "mrr": 0.90,
    "citation_accuracy": 0.90,
    "fact_accuracy": 0.85,
    "abstention_accuracy": 0.90,
}
FLOORED = tuple(TARGETS)


def default_questions() -> Path:
    return EVALS / "questions_test.jsonl"


def _score_one(q: Question, answer, retrieved: list[tuple[str, str]], k: int) -> dict:
    rank = first_relevant_rank(retrieved[:k], q.gold) if q.answerable else 0
    cited = [(c.doc_id, c.quote) for c in answer.citations] if not answer.abstained else []
    return {
        "id": q.id,
        "persona": q.persona,
        "question": q.question,
        "answerable": q.answerable,
        "doc": q.gold[0].doc if q.gold else "(unanswerable)",
        "gold": [{"doc": g.doc, "ref": g.ref, "quote": g.quote} for g in q.gold],
        "rank": rank,
        "all_gold_at_k": all_gold_found(retrieved[:k], q.gold) if q.answerable else None,
        "abstained": answer.abstained,
        "abstention_ok": answer.abstained == (not q.answerable),
        "citation_ok": q.answerable and any(relevant(d, t, g) for d, t in cited for g in q.gold),
        "facts_ok": q.answerable and not answer.abstained and facts_present(answer.text, q.must_include),
        "answer": answer.text,
        "retrieved": [c for c in (r.get("citation") for r in answer.retrieved[:3])],
        "ms": answer.timings.get("total_ms", 0.0),
        "chars": [len(t) for _, t in retrieved[:k]],
    }


def _aggregate(rows: list[dict], k: int) -> dict:
    ans = [r for r in rows if r["answerable"]]
    facts = [r for r in ans if r.get("has_facts", True)]
    n_ans = len(ans) or 1
    chars = [c for r in rows for c in r["chars"]]
    per_topk = [sum(r["chars"]) for r in rows if r["chars"]]
    ms = [r["ms"] for r in rows]
    return {
        "n": len(rows),
        "n_answerable": len(ans),
        "recall@1": round(sum(r["rank"] == 1 for r in ans) / n_ans, 4),
        "recall@5": round(sum(0 < r["rank"] <= 5 for r in ans) / n_ans, 4),
        f"recall@{k}": round(sum(0 < r["rank"] <= k for r in ans) / n_ans, 4),
        "mrr": round(sum(1 / r["rank"] for r in ans if r["rank"]) / n_ans, 4),
        "all_gold_recall@k": round(sum(bool(r["all_gold_at_k"]) for r in ans) / n_ans, 4),
        "citation_accuracy": round(sum(r["citation_ok"] for r in ans) / n_ans, 4),
        "fact_accuracy": round(sum(r["facts_ok"] for r in facts) / (len(facts) or 1), 4),
        "abstention_accuracy": round(sum(r["abstention_ok"] for r in rows) / (len(rows) or 1), 4),
        "p50_ms": round(percentile(ms, 0.5), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "chars_per_passage": round(sum(chars) / len(chars), 1) if chars else 0.0,
        "chars_per_topk": round(sum(per_topk) / len(per_topk), 1) if per_topk else 0.0,
    }


def run_eval(assistant, path: Path, k: int = 5, baseline: bool = True, corpus_path: list[Path] | None = None) -> dict:
    """Score every question; the question file is validated completely before anything runs."""
    questions = load_questions(path, known_docs=set(assistant.documents))
    if baseline:  # a corpus path without the index's files fails now, not after every question ran
        from evals.baseline import check_same_documents, corpus_files

        check_same_documents(corpus_files(corpus_path), {p.doc_id for p in assistant.passages}, corpus_path)
    assistant.ask("warm-up question about Article 1")  # load caches; not measured
    rows = []
    for q in questions:
        answer = assistant.ask(q.question, k=k)
        # each hit is scored on the text it shows: the passage and its window of neighbours
        by_id = assistant.reader.by_id
        retrieved = [(h["doc_id"], "\n".join(by_id[x].text for x in h.get("window") or [h["id"]])) for h in answer.retrieved]
        row = _score_one(q, answer, retrieved, k)
        row["has_facts"] = bool(q.must_include)
        rows.append(row)
    result = _aggregate(rows, k)
    result["k"] = k
    result["questions"] = str(path)
    result["targets"] = TARGETS
    by_persona, by_doc = defaultdict(list), defaultdict(list)
    for r in rows:
        by_persona[r["persona"]].append(r)
        by_doc[r["doc"]].append(r)
    result["by_persona"] = {p: _aggregate(v, k) for p, v in sorted(by_persona.items())}
    result["by_document"] = {d: _aggregate(v, k) for d, v in sorted(by_doc.items())}
    if baseline:
        result["baseline"] = run_baseline(assistant, questions, k, corpus_path)
        b = result["baseline"]
        result["ratios"] = {
            m: round(result[m] / b[m], 2) if b.get(m) else None for m in ("recall@1", "recall@5", "mrr")
        }
        result["ratios"]["chars_per_topk"] = round(result["chars_per_topk"] / b["chars_per_topk"], 2) if b.get("chars_per_topk") else None
    result["rows"] = rows
    return result


def run_baseline(assistant, questions: list[Question], k: int, corpus_path: list[Path] | None) -> dict:
    from evals.baseline import build_baseline

    base = build_baseline(assistant.index_dir / "baseline", corpus_path, {p.doc_id for p in assistant.passages})
    base.search("warm-up", k=k)
    rows = []
    for q in questions:
        t0 = time.perf_counter()
        retrieved = base.search(q.question, k=k)
        ms = (time.perf_counter() - t0) * 1000
        rank = first_relevant_rank(retrieved, q.gold) if q.answerable else 0
        rows.append({"answerable": q.answerable, "rank": rank, "ms": ms, "chars": [len(t) for _, t in retrieved]})
    ans = [r for r in rows if r["answerable"]] or [{"rank": 0}]
    chars = [c for r in rows for c in r["chars"]]
    ms = [r["ms"] for r in rows]
    return {
        "recall@1": round(sum(r["rank"] == 1 for r in ans) / len(ans), 4),
        "recall@5": round(sum(0 < r["rank"] <= k for r in ans) / len(ans), 4),
        "mrr": round(sum(1 / r["rank"] for r in ans if r["rank"]) / len(ans), 4),
        "p50_ms": round(percentile(ms, 0.5), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "chars_per_passage": round(sum(chars) / len(chars), 1) if chars else 0.0,
        "chars_per_topk": round(sum(sum(r["chars"]) for r in rows) / len(rows), 1) if rows else 0.0,
        "chunks": base.chunks,
        "build_seconds": base.build_seconds,
    }


METRICS = (
    "recall@1",
    "recall@5",
    "mrr",
    "citation_accuracy",
    "fact_accuracy",
    "abstention_accuracy",
    "p50_ms",
    "p95_ms",
    "chars_per_passage",
    "chars_per_topk",
)


def table(result: dict) -> str:
    base = result.get("baseline", {})
    lines = ["| metric | regassist | baseline | ratio | target |", "|---|---|---|---|---|"]
    for m in METRICS:
        if m not in result:
            continue
        b = base.get(m)
        ratio = f"{result[m] / b:.2f}" if b else ""
        target = TARGETS.get(m, "")
        lines.append(f"| {m} | {result[m]} | {b if b is not None else '—'} | {ratio} | {target} |")
    return "\n".join(lines)


def print_table(result: dict) -> None:
    print(f"{result['questions']}: {result['n']} questions ({result['n_answerable']} answerable), k={result['k']}")
    print(table(result))
    short = [m for m, t in TARGETS.items() if result.get(m, 0) < t]
    if short:
        print(f"short of target: {', '.join(short)}")


def check_floor(result: dict, floor_file: Path) -> list[str]:
    floor = json.loads(floor_file.read_text(encoding="utf-8"))
    return [f"{m} {result.get(m)} < floor {v}" for m, v in floor.items() if m in result and result[m] < v]


def write_report(result: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    chart = path.with_suffix(".png")
    _chart(result, chart)
    out = [f"# regassist evaluation: {Path(result['questions']).name}", ""]
    out.append(f"{result['n']} questions ({result['n_answerable']} answerable), k = {result['k']}.")
    out += ["", table(result), "", f"![system vs baseline]({chart.name})", ""]
    for title, key in (("By persona", "by_persona"), ("By document", "by_document")):
        out += [f"## {title}", "", "| group | n | recall@1 | recall@5 | mrr | citation | facts | abstention |", "|---|---|---|---|---|---|---|---|"]
        for name, m in result[key].items():
            out.append(
                f"| {name} | {m['n']} | {m['recall@1']} | {m['recall@5']} | {m['mrr']} | {m['citation_accuracy']} | {m['fact_accuracy']} | {m['abstention_accuracy']} |"
            )
        out.append("")
    failed = [r for r in result["rows"] if not r["abstention_ok"] or (r["answerable"] and (r["rank"] != 1 or not r["citation_ok"] or not r["facts_ok"]))]
    out += ["## Questions that failed a check", ""]
    for r in failed:
        problems = []
        if not r["abstention_ok"]:
            problems.append("abstained" if r["abstained"] else "should have abstained")
        if r["answerable"] and r["rank"] != 1:
            problems.append(f"gold at rank {r['rank'] or '>k'}")
        if r["answerable"] and not r["citation_ok"]:
            problems.append("answer cites no gold passage")
        if r["answerable"] and not r["facts_ok"]:
            problems.append("required fact missing")
        gold = "; ".join(f"{g['doc']} {g['ref']}" for g in r["gold"]) or "(none: unanswerable)"
        out += [f"- **{r['id']}** ({r['persona']}): {r['question']}", f"  - problem: {', '.join(problems)}", f"  - gold: {gold}", f"  - retrieved: {'; '.join(r['retrieved'])}"]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _chart(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = ["recall@1", "recall@5", "mrr"]
    ours = [result[m] for m in metrics]
    base = [result.get("baseline", {}).get(m, 0) for m in metrics]
    fig, ax = plt.subplots(figsize=(6, 3.2), dpi=110)
    xs = range(len(metrics))
    ax.bar([x - 0.2 for x in xs], ours, width=0.4, label="regassist")
    ax.bar([x + 0.2 for x in xs], base, width=0.4, label="naive LangChain baseline")
    ax.set_xticks(list(xs), metrics)
    ax.set_ylim(0, 1)
    ax.set_title(f"Retrieval on {Path(result['questions']).name} (k={result['k']})")
    ax.legend(loc="lower right", fontsize=8)
    for x, v in zip(xs, ours, strict=True):
        ax.text(x - 0.2, v + 0.02, f"{v:.2f}", ha="center", fontsize=8)
    for x, v in zip(xs, base, strict=True):
        ax.text(x + 0.2, v + 0.02, f"{v:.2f}", ha="center", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
