"""Sentence splitting shared by chunking (ingest) and extractive answers (assistant).

Legal text ends sentences with '.' or ';', and with ':' before a new point; labels such as "1."
or "(a)" and abbreviations such as "No." or "e.g." are not sentence ends.
"""

from __future__ import annotations

import re

# after ':' only a new point or a quotation starts a sentence: "Phosgene: Carbonyl dichloride"
# names one chemical twice, "shall: (a) ..." opens a list
SENTENCE_END = re.compile(
    r"(?<=[.;!?])\s+(?=[A-Z‘“(\"']|\d{1,2}\.\s+[A-Z])"
    r"|(?<=:)\s+(?=[‘“(\"']|\d{1,2}\.\s+[A-Z]|[a-z]{1,3}[.)]\s|[IVX]{1,4}[.)]\s)"
)
LABEL_ONLY = re.compile(r"^\(?[0-9a-z]{1,4}[.)]$|^\d+\.\d+\.?$")
ABBREVIATION = re.compile(r"(?:\bArt|\bp|\be\.g|\bi\.e|\bcf|\bpara|\bvol|\bNo|\bnos?)\.$")
# "Note:" / "Notes: 1." / "Technical Note:" introduce what follows; they are not sentences
LEAD_IN = re.compile(r"(?:\bNotes?|\bN\.B\.|\bTechnical Notes?|\bNB)\s*:?\s*(?:\d{1,2}\.)?$")


def split_sentences(text: str) -> list[str]:
    """Split at sentence ends but not after abbreviations common in EU legal texts."""
    parts = []
    for piece in text.split("\n"):
        start = 0
        for m in SENTENCE_END.finditer(piece):
            sentence = piece[start : m.start()].strip()
            if LABEL_ONLY.match(sentence) or ABBREVIATION.search(sentence) or LEAD_IN.search(sentence):
                continue
            parts.append(piece[start : m.start()].strip())
            start = m.end()
        parts.append(piece[start:].strip())
    return [p for p in parts if p]
