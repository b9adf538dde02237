"""Ingest benchmark: prints figures, never asserts them.

Same run, same machine, each phase in its own process (so peak memory is its own):
  1. regassist ingest of the whole corpus into a fresh index,
  2. embedding the same passage texts alone (the floor any pipeline pays),
  3. the naive LangChain pipeline (RecursiveCharacterTextSplitter 1000/200 + same model + Chroma).
Target: (1) / (2) <= 1.15.   Usage: .venv/bin/python bench/ingest_bench.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PHASES = {
    "regassist ingest": """
        import json, time, sys
        from pathlib import Path
        from ingest.pipeline import run_ingest
        t = time.perf_counter()
        r = run_ingest(Path(sys.argv[1]) / "index", log=lambda m: None)
        s = r.summary()
        print(json.dumps({"seconds": time.perf_counter() - t, "passages": s["passages"], "embed_seconds": r.result.seconds_embedding, "peak_kib": __import__("resource").getrusage(__import__("resource").RUSAGE_SELF).ru_maxrss}))
    """,
    "embedding alone": """
        import json, time, sys
        from pathlib import Path
        from ingest.index import load_passages, read_pointer
        index = Path(sys.argv[1]) / "index"
        texts = [p.embed_text for p in load_passages(index / read_pointer(index)["folder"])]
        t = time.perf_counter()
        from ingest.embed import Embedder
        Embedder.shared().embed(texts, batch_size=64)
        print(json.dumps({"seconds": time.perf_counter() - t, "passages": len(texts), "peak_kib": __import__("resource").getrusage(__import__("resource").RUSAGE_SELF).ru_maxrss}))
    """,
    "naive LangChain": """
        import json, time, sys
        from pathlib import Path
        t = time.perf_counter()
        from evals.baseline import build_baseline
        b = build_baseline(Path(sys.argv[1]) / "baseline")
        print(json.dumps({"seconds": time.perf_counter() - t, "passages": b.chunks, "peak_kib": __import__("resource").getrusage(__import__("resource").RUSAGE_SELF).ru_maxrss}))
    """,
}


def run(code: str, workdir: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), workdir], cwd=ROOT, capture_output=True, text=True, check=True
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    data["peak_mb"] = round(data.pop("peak_kib") / 1024, 1)  # the phase's own peak RSS (KiB on Linux)
    return data


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        results = {}
        for name, code in PHASES.items():
            print(f"running: {name} ...", file=sys.stderr)
            results[name] = run(code, workdir)
    ours, alone, naive = (results[k] for k in PHASES)
    print(f"{'phase':22} {'seconds':>8} {'passages':>9} {'per s':>7} {'peak MB':>8}")
    for name, r in results.items():
        print(f"{name:22} {r['seconds']:8.1f} {r['passages']:9d} {r['passages'] / r['seconds']:7.1f} {r['peak_mb']:8.0f}")
    ratio = ours["seconds"] / alone["seconds"]
    print(f"\nregassist ingest / embedding alone = {ratio:.2f} (target <= 1.15)")
    print(f"regassist ingest / naive LangChain = {ours['seconds'] / naive['seconds']:.2f}")


if __name__ == "__main__":
    main()
