"""Later amendments a quoted consolidated text does not include.

The corpus holds Regulation (EU) 2019/125 as consolidated on 27 May 2020, and beside it
Delegated Regulation (EU) 2021/139, published in February 2021, which amends its Annexes I and
V (the United Kingdom leaves the list of Member State authorities and joins the destinations of
EU GEA 2019/125). Quoting the consolidated Annex I alone would name the UK authority as a Member
State's in 2026 with full confidence. Each answer quoting an annex that a later act in the
corpus amends says so, from the documents' own metadata: the amending act's title ("amending
Annexes I and V to Regulation ..."), its date and the consolidation date of the text it amends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AMENDING = re.compile(r"\bamending\s+Annex(?:es)?\s+([IVX]+(?:(?:\s*,\s*|\s+and\s+)[IVX]+)*)\s+(?:to|of)\b")
CONSOLIDATED = re.compile(r"consolidated\s+(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Amendment:
    act: str  # the amending document's id
    label: str  # "Delegated Regulation (EU) 2021/139"
    date: str  # its date (publication), ISO
    target: str  # the amended document's id
    target_label: str
    consolidated: str  # the date the amended text in the corpus is consolidated to
    annexes: tuple[str, ...]


def later_amendments(documents: dict[str, dict]) -> list[Amendment]:
    """Amendments of an annex dated after the consolidation of the text the corpus holds."""
    found = []
    for doc_id, meta in documents.items():
        m = AMENDING.search(meta.get("title", ""))
        if not m:
            continue
        annexes = tuple(re.findall(r"[IVX]+", m.group(1)))
        for target in meta.get("relates_to", []):
            tmeta = documents.get(target, {})
            cons = CONSOLIDATED.search(tmeta.get("version", ""))
            date = meta.get("date", "")
            if cons and date and date > cons.group(1):
                found.append(
                    Amendment(doc_id, meta.get("short") or doc_id, date, target, tmeta.get("short") or target, cons.group(1), annexes)
                )
    return found


def amendment_notices(cited: list[tuple[str, str]], amendments: list[Amendment]) -> list[str]:
    """One notice per later amendment of an annex the answer quotes; ``cited``: (doc id, annex)."""
    notices = []
    for a in amendments:
        hit = sorted({annex for doc, annex in cited if doc == a.target and annex in a.annexes}, key=_roman)
        if hit:
            which = " and ".join(f"Annex {x}" for x in hit)
            notices.append(
                f"{a.target_label}, {which} is quoted as consolidated on {a.consolidated}. {a.label} "
                f"(published {a.date}) amended {which} later: read the two together."
            )
    return notices


def _roman(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for ch, nxt in zip(numeral, [*numeral[1:], ""], strict=True):
        v = values[ch]
        total += -v if nxt and values[nxt] > v else v
    return total
