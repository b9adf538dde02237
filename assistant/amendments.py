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

from ingest.numerals import from_roman
from ingest.passage import Passage

AMENDING = re.compile(r"\bamending\s+Annex(?:es)?\s+([IVX]+(?:(?:\s*,\s*|\s+and\s+)[IVX]+)*)\s+(?:to|of)\b")
CONSOLIDATED = re.compile(r"consolidated\s+(\d{4}-\d{2}-\d{2})")
IN_ANNEX = re.compile(r"\bIn Annex ([IVX]+)\b")


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


def amendment_notices(cited: list[Passage], amendments: list[Amendment], passages: list[Passage]) -> list[str]:
    """One notice per later amendment of an annex the answer quotes, with the amending act's own
    words for each quoted entry it names ("the entry concerning the United Kingdom is deleted")."""
    notices = []
    for a in amendments:
        quoted = [p for p in cited if p.doc_id == a.target and p.annex in a.annexes]
        if not quoted:
            continue
        which = " and ".join(f"Annex {x}" for x in sorted({p.annex for p in quoted}, key=from_roman))
        text = (
            f"{a.target_label}, {which} is quoted as consolidated on {a.consolidated}. {a.label} "
            f"(published {a.date}) amended {which} later: read the two together."
        )
        act = [q for q in passages if q.doc_id == a.act]
        for p in dict.fromkeys(quoted):
            for citation, line in amending_lines(p, act):
                text += f" On {p.citation}: “{line}” ({citation})."
        notices.append(text)
    return notices


def amending_lines(p: Passage, act: list[Passage]) -> list[tuple[str, str]]:
    """The amending act's lines that name the quoted entry ("the entry concerning the United
    Kingdom is deleted"; "in the list in Part 2 ... the following entry is inserted"), read in
    order under the annex each amends ("(1) In Annex I, ...")."""
    name = p.section.split(",")[-1].strip()
    if not name:
        return []
    lines = [
        (q.citation, line.strip())
        for q in sorted(act, key=lambda q: q.order)
        if not q.recital and q.section not in ("Preamble", "Signature")  # the recitals explain; the annex amends
        for line in q.text.split("\n")
        if line.strip()
    ]
    found, annex = [], ""
    for n, (citation, line) in enumerate(lines):
        m = IN_ANNEX.search(line)
        annex = m.group(1) if m else annex
        if annex == p.annex and name in line:
            if line.endswith(":") and n + 1 < len(lines):  # "... the following entry is inserted:" + the entry
                line = f"{line} {lines[n + 1][1]}"
            found.append((citation, line))
    return found[:2]

