"""What a passage refers to by number or short form only, added to its keywords: annex titles,
the wording of the paragraphs of its own article that it names, and the long form of the
abbreviations its document defines (ingest/abbreviations.py).

A provision often names an annex by number only: recital 10 of 2021/139 says the United
Kingdom "meets the requirements for inclusion in the list of destinations laid down in Annex V
Part 2", and a reader asking about "the EU general export authorisation" shares no word with it.
Annex V's own title ("Union general export authorisation EU GEA 2019/125") says what the number
stands for. The title goes to the keyword index only: the passage's text, what the dense model
sees and what is quoted stay the document's own words.

Likewise Article 4(2) of 2021/821 ("where an exporter is aware that dual-use items ... are
intended ... for any of the uses referred to in paragraph 1") names chemical weapons and
missiles only through paragraph 1: that paragraph's words join 4(2)'s keywords, so "the buyer
wants them for a missile programme" reaches the exporter's duty to notify; so do Article 4(1)'s
for Article 6(2)'s broker, who must notify when aware of "the uses referred to in Article 4(1)".
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.abbreviations import document_abbreviations, long_forms
from ingest.manifest import DocumentSpec
from ingest.passage import Passage

MARK = " | refers to: "  # what follows it in ``keywords`` is recomputed at every ingest
ANNEX_HEAD = re.compile(r"^Annex ([IVXL]+) – (.+)$")
# "referred to in paragraph 1", "paragraphs 1 and 2 of this Article"; not "paragraph 2 of Article 9"
PARAGRAPH_REF = re.compile(r"\bparagraphs? (\d+)((?:(?:,| and| or) \d+)*)(?!\s+of (?!this Article))")
# "the uses referred to in Article 4(1)" (of the same act): Article 6(2)'s broker who "is aware
# that those items are intended ... for any of the uses referred to in Article 4(1)" names
# missiles and chemical weapons only through it (uses only: "the electronic system referred to in
# Article 23(6)" would lend procedure to every provision naming it)
ARTICLE_REF = re.compile(r"\b(?:uses|end-uses|purposes)\s+referred to in Article (\d+)\((\d+)\)(?! of (?!this Regulation))")
PARAGRAPH_WORDS = 600  # characters of a named paragraph's wording taken into the keywords
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


def paragraph_texts(passages: list[Passage]) -> dict[tuple[str, str, str], str]:
    """(document id, article, paragraph) -> the paragraph's wording (its parts joined)."""
    texts: dict[tuple[str, str, str], str] = {}
    for p in passages:
        if p.article and p.paragraph:
            key = (p.doc_id, p.article, p.paragraph)
            texts[key] = f"{texts[key]} {p.text}" if key in texts else p.text
    return texts


def named_paragraphs(p: Passage, texts: dict[tuple[str, str, str], str]) -> list[str]:
    """The wording of the other paragraphs of its own article that a passage names by number,
    and of a paragraph of another article of its act whose content it takes over ("the uses
    referred to in Article 4(1)")."""
    named = []
    if p.article:
        for m in PARAGRAPH_REF.finditer(p.text):
            named += [(p.article, number) for number in [m.group(1), *re.findall(r"\d+", m.group(2))] if number != p.paragraph]
    named += [(a, n) for a, n in ARTICLE_REF.findall(p.text) if (a, n) != (p.article, p.paragraph)]
    out = []
    for article, number in named:
        text = texts.get((p.doc_id, article, number))
        if text and text[:PARAGRAPH_WORDS] not in out:
            out.append(text[:PARAGRAPH_WORDS])
    return out


def with_cross_references(passages: list[Passage], specs: list[DocumentSpec]) -> list[Passage]:
    """Each passage with the titles of the annexes it names, and the wording of the paragraphs of
    its article it names, appended to its keywords. An amending act's "Annex V" is the annex of the
    act it amends (its ``relates_to`` in the manifest)."""
    titles = annex_titles(passages)
    texts = paragraph_texts(passages)
    related = {s.id: list(s.relates_to) for s in specs}
    by_doc: dict[str, list[str]] = {}
    for p in passages:
        by_doc.setdefault(p.doc_id, []).append(p.text)
    abbreviations = {doc: document_abbreviations(doc_texts) for doc, doc_texts in by_doc.items()}
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
        named.extend(named_paragraphs(p, texts))
        named.extend(long_forms(p.text, abbreviations[p.doc_id]))
        keywords = base + (MARK + "; ".join(named) if named else "")
        out.append(p if keywords == p.keywords else replace(p, keywords=keywords))
    return out
