"""Score the goods check on a JSON-lines file of products with their expected entries.

One object per line: {"id": "g01", "query": "...", "cn": "", "cas": "",
"expected": [{"doc": "32019R0125", "entry": "Annex III 3.1"}]}; ``expected: []`` means that no
listed entry should be found. The metrics, under these keys:

- ``hit@1``: the first candidate is an expected entry (lines with expected entries);
- ``recall@3``: every expected entry is among the first three candidates (same lines);
- ``no_match_accuracy``: lines expecting nothing get the "no listed entry" answer;
- ``p50_ms``: median time of one check.

The file is read whole and checked before anything runs, so a bad line fails fast with
file:line, instead of after minutes of scoring.
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.goods import GoodsInputError, catalogue, screen
from evals.metrics import json_lines

if TYPE_CHECKING:
    from assistant.service import Assistant

KEYS = ("id", "query", "cn", "cas", "expected")


class GoodsFileError(ValueError):
    """A goods test file that cannot be used; the message names file:line."""


def _entry_key(doc: str, entry: str) -> tuple[str, str]:
    """Compare entries the way people write them: 'Annex III 3.1' == 'annex  III 3.1'."""
    return doc.strip(), re.sub(r"\s+", " ", entry.strip()).lower()


def _check_line(obj: object, where: str, seen: set[str]) -> dict:
    if not isinstance(obj, dict):
        raise GoodsFileError(f"{where}: expected a JSON object")
    unknown = sorted(set(obj) - set(KEYS))
    if unknown:
        raise GoodsFileError(f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(KEYS)}")
    for key in ("id", "query", "expected"):
        if key not in obj:
            raise GoodsFileError(f"{where}: missing field {key!r}")
    for key in ("id", "query", "cn", "cas"):
        if key in obj and not isinstance(obj[key], str):
            raise GoodsFileError(f"{where}: field {key!r} must be a string")
    if not obj["id"].strip():
        raise GoodsFileError(f"{where}: empty id")
    if obj["id"] in seen:
        raise GoodsFileError(f"{where}: duplicate id {obj['id']!r}")
    expected = obj["expected"]
    if not isinstance(expected, list):
        raise GoodsFileError(f"{where}: 'expected' must be a list ([] for no listed entry)")
    for e in expected:
        if not (isinstance(e, dict) and isinstance(e.get("doc"), str) and isinstance(e.get("entry"), str)):
            raise GoodsFileError(f"{where}: each expected item needs string fields 'doc' and 'entry'")
        if not re.fullmatch(r"\s*Annex\s+[IVXL]+\s+\S+\s*", e["entry"]):
            raise GoodsFileError(f"{where}: entry {e['entry']!r} is not of the form 'Annex III 3.1' or 'Annex I 1C450'")
    return {"id": obj["id"], "query": obj["query"], "cn": obj.get("cn", ""), "cas": obj.get("cas", ""), "expected": expected}


def load_goods_file(path: Path) -> list[tuple[int, dict]]:
    """(line number, item) for every non-blank line; raises GoodsFileError on the first bad one."""
    items: list[tuple[int, dict]] = []
    seen: set[str] = set()
    for where, obj in json_lines(path, GoodsFileError):
        item = _check_line(obj, where, seen)
        seen.add(item["id"])
        items.append((int(where.rsplit(":", 1)[1]), item))
    if not items:
        raise GoodsFileError(f"{path}: no items")
    return items


def _score_item(assistant: Assistant, item: dict, where: str) -> dict:
    t0 = time.perf_counter()
    try:
        result = screen(assistant, item["query"], cn=item["cn"], cas=item["cas"])
    except GoodsInputError as exc:
        raise GoodsFileError(f"{where}: {exc}") from None
    ms = (time.perf_counter() - t0) * 1000
    got = [_entry_key(c.doc_id, c.entry) for c in result.candidates]
    expected = [_entry_key(e["doc"], e["entry"]) for e in item["expected"]]
    out = {
        "id": item["id"],
        "query": item["query"],
        "cn": item["cn"],
        "cas": item["cas"],
        "expected": [f"{d} {e}" for d, e in ((x["doc"], x["entry"]) for x in item["expected"])],
        "got": [f"{c.doc_id} {c.entry}" for c in result.candidates[:5]],
        "no_match": result.no_match,
        "ms": round(ms, 1),
    }
    if expected:
        out["hit@1"] = bool(got) and got[0] in expected
        out["recall@3"] = all(e in got[:3] for e in expected)
    else:
        out["no_match_ok"] = result.no_match
    return out


def _rate(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def run_goods_eval(assistant: Assistant, path: Path) -> dict:
    """Run every line of the file through ``screen`` and compute the metrics (see module doc)."""
    path = Path(path)
    lines = load_goods_file(path)
    catalogue(assistant)  # one-off costs (goods lists, embedding model) are not per-query latency
    assistant.embedder.embed_query("warm-up")
    items = [_score_item(assistant, item, f"{path}:{n}") for n, item in lines]
    listed = [i for i in items if "hit@1" in i]
    unlisted = [i for i in items if "no_match_ok" in i]
    times = [i["ms"] for i in items]
    return {
        "hit@1": _rate([i["hit@1"] for i in listed]),
        "recall@3": _rate([i["recall@3"] for i in listed]),
        "no_match_accuracy": _rate([i["no_match_ok"] for i in unlisted]),
        "p50_ms": round(statistics.median(times), 1),
        "n": len(items),
        "items": items,
    }
