"""The titles of the annexes a passage refers to, added to its keywords.

A provision often names an annex by number only: recital 10 of 2021/139 says the United
Kingdom "meets the requirements for inclusion in the list of destinations laid down in Annex V
Part 2", and a reader asking about "the EU general export authorisation" shares no word with it.
Annex V's own title ("Union general export authorisation EU GEA 2019/125") says what the number
stands for. The title goes to the keyword index only: the passage's text, what the dense model
sees and what is quoted stay the document's own words.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.manifest import DocumentSpec
from ingest.passage import Passage

MARK = " | refers to: "  # what follows it in ``keywords`` is recomputed at every ingest
ANNEX_HEAD = re.compile(r"^Annex ([IVXL]+) – (.+)$")
ANNEX_REF = re.compile(r"\bAnnex(?:es)? ([IVXL]+)\b(?:(?:,| and| or| to) ([IVXL]+)\b)?")


def annex_titles(passages: list[Passage]) -> dict[tuple[str, str], str]:
    """(document id, annex number) -> the annex title as the passages' heading path gives it."""
    titles: dict[tuple[str, str], str] = {}
    for p in passages:
        if not p.annex:
            continue
        for part in p.context.split(" > ")[1:2]:
            m = ANNEX_HEAD.match(part)
            if m and m.group(1) == p.annex:
                titles.setdefault((p.doc_id, p.annex), m.group(2).rstrip("…").strip())
    return titles


def with_annex_titles(passages: list[Passage], specs: list[DocumentSpec]) -> list[Passage]:
    """Each passage with the titles of the annexes it names appended to its keywords. An amending
    act's "Annex V" is the annex of the act it amends (its ``relates_to`` in the manifest)."""
    titles = annex_titles(passages)
    related = {s.id: list(s.relates_to) for s in specs}
    out = []
    for p in passages:
        base = p.keywords.split(MARK)[0]
        named: list[str] = []
        for m in ANNEX_REF.finditer(p.text):
            for number in filter(None, m.groups()):
                for doc in [p.doc_id, *related.get(p.doc_id, [])]:
                    title = titles.get((doc, number))
                    if title:
                        if not (doc == p.doc_id and number == p.annex) and title not in named:
                            named.append(title)
                        break
        keywords = base + (MARK + "; ".join(named) if named else "")
        out.append(p if keywords == p.keywords else replace(p, keywords=keywords))
    return out
