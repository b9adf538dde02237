"""Benchmark: latency of one goods check, over the products of a goods file.

Prints figures (p50/p95 per query, by kind of input, and the one-off cost of opening the index
and reading the goods lists); it asserts nothing, so it never flakes. Run:

    .venv/bin/python bench/goods_bench.py --index /tmp/idx1 [--goods evals/goods.jsonl] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: with few samples, an observed value rather than an interpolation."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def kind_of(item: dict) -> str:
    if item["cas"]:
        return "CAS number"
    if item["cn"]:
        return "CN code"
    return "description"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default=None, help="index folder (default: REGASSIST_INDEX or var/index)")
    parser.add_argument("--goods", default=str(ROOT / "evals" / "goods.jsonl"), help="goods file (JSON lines)")
    parser.add_argument("--repeat", type=int, default=3, help="runs over the file after the warm-up run")
    args = parser.parse_args(argv)

    from assistant.goods import catalogue, screen
    from assistant.service import Assistant
    from evals.goods_eval import GoodsFileError, load_goods_file

    try:
        items = [item for _, item in load_goods_file(Path(args.goods))]
    except GoodsFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    assistant = Assistant(args.index)
    t1 = time.perf_counter()
    catalogue(assistant)
    t2 = time.perf_counter()
    screen(assistant, items[0]["query"] or "warm-up", cn=items[0]["cn"], cas=items[0]["cas"])  # loads the model
    t3 = time.perf_counter()

    times: list[float] = []
    by_kind: dict[str, list[float]] = {}
    for _ in range(max(1, args.repeat)):
        for item in items:
            assistant.embedder.forget_queries()  # every product measured as a new one
            start = time.perf_counter()
            screen(assistant, item["query"], cn=item["cn"], cas=item["cas"])
            ms = (time.perf_counter() - start) * 1000
            times.append(ms)
            by_kind.setdefault(kind_of(item), []).append(ms)

    print(f"goods check latency over {len(items)} products x {max(1, args.repeat)} runs ({args.goods})")
    print(f"  open index        {1000 * (t1 - t0):8.1f} ms (once)")
    print(f"  read goods lists  {1000 * (t2 - t1):8.1f} ms (once per index)")
    print(f"  first check       {1000 * (t3 - t2):8.1f} ms (loads the embedding model)")
    print(f"  per check         p50 {statistics.median(times):7.1f} ms   p95 {percentile(times, 95):7.1f} ms   max {max(times):7.1f} ms")
    for kind, values in sorted(by_kind.items()):
        print(f"    {kind:14} n={len(values):4}  p50 {statistics.median(values):7.1f} ms   p95 {percentile(values, 95):7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
