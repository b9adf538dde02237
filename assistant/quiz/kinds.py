"""One builder per question kind: structured passage -> candidate item (no language model).

Each builder yields candidates lazily; the caller checks them and keeps the first that pass,
so a builder may be generous. What the builders read: sentences (cloze kinds), the Article
and Chapter of a passage (which-article), Article 2 terms (definition), Annex entries with
their item numbers (annex classification, control-list entries).
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from assistant.quiz import distractors as dx
from assistant.quiz.model import FALSE, TRUE, Basis, QuizItem
from assistant.quiz.text import (
    content_tokens,
    find_quantities,
    lower_first,
    norm,
    shorten,
)
from ingest.numerals import from_roman
from ingest.passage import Passage
from ingest.sentences import split_sentences

GAP = "_____"
LABEL = re.compile(
    r"^(?:\(?[0-9]{1,3}[a-z]?[.)]|\([a-z]{1,4}\)|\(?[ivx]{1,5}\)|\d+\.\d+\.?|[—–•-])\s+"
)
DEMONSTRATIVE = re.compile(
    r"^(?:Such|This|That|These|Those|It|They|Its|Their|The latter|The former|Where relevant|In that case)\b"
)
ANNEX_REF = re.compile(r"\bAnnex ([IVX]+)\b(?! to\b)")
GOODS_ITEM = re.compile(r"^\d{1,2}\.\d{1,2}$")
ENTRY_CODE = re.compile(r"^\d[A-E]\d{3}$")
GOODS_CUT = re.compile(
    r"\s+(?:Notes?:|N\.B\.|Technical Notes?:|\|\s*CN codes|CN codes:)|,? including, but not limited to|,? as follows|:\s*(?:\||$)"
)
ENTRY_CUT = re.compile(
    r",? as follows|:\s|:$|\s+N\.B\.|\s+(?:Technical )?Notes?:|\s+\||(?<=[a-z)\"”’])\.\s"
    r"|,?\s+(?:having|with|that have|which have)\s+(?:any|all|either|both|one or more)\s+of\s+the\s+following\b"
)
NOTE_BREAK = re.compile(
    r"\s+(?=(?:Technical )?Notes?:|N\.B\.)|(?<=:)\s+(?=\d{1,2}\.\s)|\s+(?=\d{1,2}\.\s+[A-Z])|\s+\|\s+"
)
SENTENCE_START = re.compile(r"\s*(?:\(?[0-9]{1,3}[a-z]?[.)]|\([a-z]{1,4}\))?\s*")
STATEMENT = re.compile(r"\b(?:shall|may|must|should|is|are|means|includes?|applies|apply)\b")
MIN_WORDS, MAX_WORDS = 7, 70
TOPICAL_WORDS = 22


@dataclass
class Context:
    """What the builders know about the documents in scope (built once per quiz)."""

    doc_names: dict[str, str]
    doc_passages: dict[str, list[Passage]]
    quantities: dict[str, list] = field(default_factory=dict)
    actor_frequency: dict[str, Counter] = field(default_factory=dict)
    annexes: dict[str, list[str]] = field(default_factory=dict)
    articles: dict[str, dict[str, str]] = field(default_factory=dict)  # doc -> article -> chapter
    terms: dict[str, list[str]] = field(default_factory=dict)
    goods_annexes: dict[str, list[str]] = field(default_factory=dict)
    entries: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, doc_names: dict[str, str], passages: list[Passage]) -> Context:
        by_doc: dict[str, list[Passage]] = defaultdict(list)
        for p in passages:
            by_doc[p.doc_id].append(p)
        ctx = cls(doc_names, dict(by_doc))
        for doc, ps in by_doc.items():
            quantities, freq, articles, terms = [], Counter(), {}, []
            goods: set[str] = set()
            entries: list[str] = []
            for p in ps:
                if p.article or p.recital:  # provisions, not the technical values of control lists
                    quantities.extend(q for _, _, q in find_quantities(p.text))
                freq.update(m.lower() for m in dx.ACTOR_RE.findall(p.text))
                if p.article and not p.recital and p.article not in articles:
                    articles[p.article] = p.chapter
                if p.term and p.term not in terms:
                    terms.append(p.term)
                if p.annex and GOODS_ITEM.match(p.item or ""):
                    goods.add(p.annex)
                if p.annex == "I" and ENTRY_CODE.match(p.item or "") and p.item not in entries:
                    entries.append(p.item)
            ctx.quantities[doc] = quantities
            ctx.actor_frequency[doc] = freq
            ctx.annexes[doc] = dx.roman_range(
                [p.annex for p in ps if re.fullmatch(r"[IVX]+", p.annex or "")]
            )
            ctx.articles[doc] = articles
            ctx.terms[doc] = terms
            ctx.goods_annexes[doc] = dx.roman_range(list(goods)) if len(goods) >= 2 else []
            ctx.entries[doc] = entries
        return ctx

    def name(self, doc: str) -> str:
        return self.doc_names.get(doc, doc)


def strip_label(text: str) -> str:
    return LABEL.sub("", text.strip(), count=1)


def sentences_of(p: Passage) -> list[str]:
    """Sentences of the passage; Annex notes ('Notes: 1. ... 2. ...') are split into their own."""
    text = NOTE_BREAK.sub("\n", p.text)
    return [s for s in split_sentences(text) if MIN_WORDS <= len(s.split()) <= MAX_WORDS]


def with_ellipsis(phrase: str, whole: str) -> str:
    """The phrase as quoted in a stem: '…' when it stops before the text it was cut from."""
    return (
        phrase
        if norm(whole).strip().rstrip(".;:,") == norm(phrase).strip().rstrip(".;:,")
        else phrase + " …"
    )


def where(p: Passage) -> str:
    return f"{p.citation} ({p.title})" if p.title and p.title not in p.citation else p.citation


def quote(text: str) -> str:
    return f"“{text.strip()}”"


def difficulty(base: str, p: Passage, harder: bool = False) -> str:
    levels = ("easy", "medium", "hard")
    i = (
        levels.index(base)
        + (1 if harder else 0)
        + (1 if p.annex == "I" and ENTRY_CODE.match(p.item or "") else 0)
    )
    return levels[min(i, 2)]


def _shuffled(
    rng: random.Random, key: str, key_value: str, others: list[tuple[str, str]]
) -> tuple[list[str], list[str]]:
    pairs = [(key, key_value), *others]
    rng.shuffle(pairs)
    return [o for o, _ in pairs], [v for _, v in pairs]


# -- cloze kinds (mcq: authorities and Annex references; number: periods and measures) --------------
@dataclass(frozen=True)
class Slot:
    sentence: str
    previous: str
    start: int
    end: int
    facet: str
    distractors: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.sentence[self.start : self.end]


def _slots(ctx: Context, p: Passage, kind: str, rng: random.Random) -> list[Slot]:
    out = []
    sentences = sentences_of(p)
    for i, s in enumerate(sentences):
        previous = sentences[i - 1] if i else ""
        if kind == "number":
            for start, end, q in find_quantities(s):
                if re.search(r"\b\w+\s+(?:or|and|to)\s*$", s[:start]) and re.search(
                    r"\d\s+(?:or|and|to)\s*$", s[:start]
                ):
                    continue  # '10 or 30 working days': the gap would split one amount
                options = dx.quantity_distractors(q, ctx.quantities.get(p.doc_id, []), rng)
                if options:
                    facet = "period" if q.family == "time" else "measure"
                    out.append(Slot(s, previous, start, end, facet, tuple(options)))
            continue
        for m in dx.ACTOR_RE.finditer(s):
            if re.search(r"\b(?:of|by|to|from|with|for|and|or)\s*$", s[: m.start()]):
                continue  # 'the competent authorities of the Member States shall': not the actor
            if dx.actor_group(m.group(1)) in dx.groups_mentioned(
                s[: m.start()] + " " + s[m.end() :]
            ):
                continue  # the sentence names the same actor elsewhere: the stem would give it away
            options = dx.actor_distractors(
                m.group(1),
                s,
                ctx.actor_frequency.get(p.doc_id, {}),
                rng,
                capital=bool(SENTENCE_START.fullmatch(s[: m.start()])),
            )
            if options:
                out.append(Slot(s, previous, m.start(1), m.end(1), "authority", tuple(options)))
        refs = list(ANNEX_REF.finditer(s))
        if len(refs) == 1 and s.count("Annex") == 1:
            m = refs[0]
            options = dx.annex_distractors(m.group(1), ctx.annexes.get(p.doc_id, []), rng)
            if options:
                out.append(
                    Slot(
                        s,
                        previous,
                        m.start(),
                        m.end(),
                        "annex-reference",
                        tuple(f"Annex {a}" for a in options),
                    )
                )
    rng.shuffle(out)
    return out


def gapped(before: str, after: str, budget: int = 48) -> str:
    """The sentence with its gap, cut to about ``budget`` words around the gap when it is long."""
    lw, rw = before.split(), after.split()
    left = min(len(lw), max(budget // 2, budget - len(rw)))
    right = budget - left
    head = (
        before
        if len(lw) <= left
        else "… " + " ".join(lw[-left:]) + (" " if before[-1:].isspace() else "")
    )
    tail = (
        after
        if len(rw) <= right
        else (" " if after[:1].isspace() else "") + " ".join(rw[:right]) + " …"
    )
    return strip_label(head + GAP + tail)


def _cloze_item(ctx: Context, p: Passage, slot: Slot, kind: str, rng: random.Random) -> QuizItem:
    s = slot.sentence
    before, key, after = s[: slot.start], slot.key, s[slot.end :]
    shown = gapped(before, after)
    if DEMONSTRATIVE.match(shown) and slot.previous:
        previous = strip_label(slot.previous)
        shown = (
            f"{previous} {shown}" if previous.endswith((".", ";", ":")) else f"{previous} … {shown}"
        )
    stem = f"Which option fills the gap? {where(p)}: {quote(shown)}"
    options, values = _shuffled(rng, key, key, [(d, d) for d in slot.distractors])
    harder = kind == "number" and bool(find_quantities(key)) and find_quantities(key)[0][2].is_range
    return QuizItem(
        type=kind,
        stem=stem,
        options=options,
        values=values,
        key=key,
        explanation=f"{p.citation}: {quote(strip_label(s))}",
        citation=p.citation,
        url=p.url,
        passage_id=p.id,
        doc_id=p.doc_id,
        difficulty=difficulty("medium", p, harder),
        basis=Basis("cloze", p.doc_id, before=before, after=after),
        facet=slot.facet,
    )


def cloze_candidates(ctx: Context, p: Passage, kind: str, rng: random.Random) -> Iterator[QuizItem]:
    for slot in _slots(ctx, p, kind, rng):
        yield _cloze_item(ctx, p, slot, kind, rng)


# -- which Article --------------------------------------------------------------------------
def _topical_phrase(ctx: Context, p: Passage, sentence: str) -> str:
    """A verbatim stretch of the sentence that only this Article of the act contains."""
    body = strip_label(sentence)
    words = body.split()
    if len(words) > TOPICAL_WORDS:
        body = " ".join(words[:TOPICAL_WORDS]).rstrip(",;:")
    target = norm(body)
    for other in ctx.doc_passages.get(p.doc_id, []):
        if other.article != p.article and target in norm(other.text):
            return ""
    return body


def which_article_candidates(ctx: Context, p: Passage, rng: random.Random) -> Iterator[QuizItem]:
    if not p.article or p.recital or p.kind not in ("regulation", "delegated_regulation"):
        return
    articles = ctx.articles.get(p.doc_id, {})
    if len(articles) < 4:
        return
    if p.term:
        return  # 'X means ...' is obviously Article 2
    sentences = [
        s
        for s in sentences_of(p)
        if not re.search(rf"\bArticle {re.escape(p.article)}\b", s)
        and re.match(r"[A-Z‘“]", strip_label(s))
    ]
    rng.shuffle(sentences)
    for s in sentences:
        phrase = _topical_phrase(ctx, p, s)
        if not phrase or len(content_tokens(phrase)) < 4:
            continue
        mentioned = re.findall(r"\bArticles? (\d+[a-z]?)", s)
        chapter = [a for a, c in articles.items() if c and c == p.chapter]
        others = dx.article_distractors(p.article, chapter, list(articles), rng, exclude=mentioned)
        if not others:
            continue
        shown = with_ellipsis(phrase, strip_label(s))
        options, values = _shuffled(
            rng, f"Article {p.article}", p.article, [(f"Article {a}", a) for a in others]
        )
        yield QuizItem(
            type="which-article",
            stem=f"Which Article of {ctx.name(p.doc_id)} provides: {quote(shown)}?",
            options=options,
            values=values,
            key=f"Article {p.article}",
            explanation=f"{where(p)}: {quote(strip_label(s))}",
            citation=p.citation,
            url=p.url,
            passage_id=p.id,
            doc_id=p.doc_id,
            difficulty=difficulty("hard", p),
            basis=Basis("attribute", p.doc_id, attr="article", phrase=phrase),
            facet="article",
            shown=shown,
        )


# -- definitions (Article 2 terms) ---------------------------------------------------------------
def definition_text(p: Passage) -> str:
    text = strip_label(" ".join(p.text.split()))
    m = re.search(r"\bmeans?\b:?\s*", text)
    return text[m.end() :] if m and m.start() < len(p.term) + 12 else ""


def definition_candidates(ctx: Context, p: Passage, rng: random.Random) -> Iterator[QuizItem]:
    if not p.term or p.part > 1:
        return
    body = definition_text(p)
    if len(body.split()) < 5:
        return
    phrase = shorten(body, 28).removesuffix(" …").rstrip(",;:")
    others = dx.term_distractors(p.term, ctx.terms.get(p.doc_id, []), phrase, rng)
    if not others:
        return
    options, values = _shuffled(rng, p.term, p.term, [(t, t) for t in others])
    article = f"Article {p.article}" if p.article else "the definitions"
    shown = with_ellipsis(phrase, body)
    yield QuizItem(
        type="definition",
        stem=f"Under {article} of {ctx.name(p.doc_id)}, which term is defined as {quote(shown)}?",
        options=options,
        values=values,
        key=p.term,
        explanation=f"{p.citation}: {quote(shorten(' '.join(p.text.split()), 80))}",
        citation=p.citation,
        url=p.url,
        passage_id=p.id,
        doc_id=p.doc_id,
        difficulty=difficulty("easy", p),
        basis=Basis("attribute", p.doc_id, attr="term", phrase=phrase),
        facet="definition",
        shown=shown,
    )


# -- annex classification ("Spit hoods are listed in: Annex II / III / IV / not listed") ---------
NOT_LISTED = "Not listed"


def goods_label(p: Passage) -> tuple[str, str]:
    """(phrase, as shown): the goods description of an Annex entry, before its notes and CN codes."""
    text = re.sub(r"^\d{1,2}\.\d{1,2}\.?\s*", "", " ".join(p.text.split()))
    m = GOODS_CUT.search(text)
    label = (text[: m.start()] if m else text).rstrip(",;: ")
    phrase = shorten(label, 26).removesuffix(" …").rstrip(",;:")
    return phrase, with_ellipsis(phrase, label)


def entry_label(p: Passage) -> tuple[str, str]:
    """(phrase, as shown): the heading of a control-list entry, without its code and sub-items."""
    text = re.sub(rf"^{re.escape(p.item)}\s*", "", " ".join(p.text.split()))
    m = ENTRY_CUT.search(text)
    label = (text[: m.start()] if m else text).rstrip(",;: ")
    phrase = shorten(label, 24).removesuffix(" …").rstrip(",;:")
    return phrase, with_ellipsis(phrase, label)


def annex_candidates(ctx: Context, p: Passage, rng: random.Random) -> Iterator[QuizItem]:
    goods = ctx.goods_annexes.get(p.doc_id, [])
    if p.annex in goods and GOODS_ITEM.match(p.item or "") and p.part <= 1:
        label, shown = goods_label(p)
        if len(label.split()) < 2:
            return
        near = sorted(
            (a for a in goods if a != p.annex),
            key=lambda a: abs(from_roman(a) - from_roman(p.annex)),
        )[:2]
        others = [(f"Annex {a}", a) for a in near] + [(NOT_LISTED, "")]
        options, values = _shuffled(rng, f"Annex {p.annex}", p.annex, others)
        if len(options) < 4:
            return
        yield QuizItem(
            type="annex",
            stem=f"Under {ctx.name(p.doc_id)}, in which Annex are the following goods listed: {quote(shown)}?",
            options=options,
            values=values,
            key=f"Annex {p.annex}",
            explanation=f"{p.citation}: {quote(shorten(' '.join(p.text.split()), 70))}",
            citation=p.citation,
            url=p.url,
            passage_id=p.id,
            doc_id=p.doc_id,
            difficulty=difficulty("easy", p),
            basis=Basis("attribute", p.doc_id, attr="annex", phrase=label),
            facet="goods",
            shown=shown,
        )
        return
    entries = ctx.entries.get(p.doc_id, [])
    if p.annex == "I" and ENTRY_CODE.match(p.item or "") and p.part <= 1:
        label, shown = entry_label(p)
        if len(content_tokens(label)) < 3:
            return
        text = p.text
        group = [e for e in entries if e != p.item and e[:2] == p.item[:2] and e not in text]
        rng.shuffle(group)
        others = sorted(group[:6], key=lambda e: abs(int(e[2:]) - int(p.item[2:])))
        if len(others) < 3:
            return
        chosen = rng.sample(others, 3)
        options, values = _shuffled(rng, p.item, p.item, [(e, e) for e in chosen])
        yield QuizItem(
            type="annex",
            stem=f"Which entry of Annex I (the dual-use control list) to {ctx.name(p.doc_id)} covers {quote(shown)}?",
            options=options,
            values=values,
            key=p.item,
            explanation=f"{p.citation}: {quote(shorten(' '.join(p.text.split()), 70))}",
            citation=p.citation,
            url=p.url,
            passage_id=p.id,
            doc_id=p.doc_id,
            difficulty=difficulty("medium", p),
            basis=Basis("attribute", p.doc_id, attr="item", phrase=label),
            facet="entry",
            shown=shown,
        )


# -- true / false -----------------------------------------------------------------------------
def statement(ctx: Context, item: QuizItem, value_text: str, value: str) -> str:
    """The claim of one option as a plain statement (not quoted: it may be false)."""
    b = item.basis
    name = ctx.name(item.doc_id)
    phrase = item.shown or b.phrase
    if b.kind == "cloze":
        sentence = strip_label(b.before + value_text + b.after).rstrip(" .;:,")
        return f"{item.citation} provides that {lower_first(sentence)}."
    if b.attr == "annex":
        return f"Under {name}, the goods {quote(phrase)} are listed in Annex {value}."
    if b.attr == "term":
        return f"Under {name}, {quote(phrase)} is the definition of ‘{value}’."
    if b.attr == "item":
        return f"Under {name}, entry {value} of Annex I covers {quote(phrase)}."
    return f"Article {value} of {name} provides: {quote(phrase)}"


def truefalse_from(ctx: Context, item: QuizItem, rng: random.Random) -> QuizItem | None:
    """Turn a checked-looking multiple-choice candidate into a true/false statement."""
    b = item.basis
    if b.kind == "cloze":
        sentence = strip_label(b.before + item.key + b.after)
        complete = re.match(r"[A-Z‘“]", sentence) and sentence.rstrip().endswith(".")
        if DEMONSTRATIVE.match(sentence) or not STATEMENT.search(sentence) or not complete:
            return None  # 'Such notification ...' or a list fragment is no statement one can judge alone
    true = rng.random() < 0.5
    if true:
        text, value = item.key, item.key_value
    else:
        wrong = [
            (o, v) for o, v in zip(item.options, item.values, strict=True) if o != item.key and v
        ]
        if not wrong:
            return None
        text, value = rng.choice(wrong)
    quoted = strip_label(b.before + item.key + b.after) if b.kind == "cloze" else item.explanation
    return replace(
        item,
        type="truefalse",
        stem=f"True or false? {statement(ctx, item, text, value)}",
        options=[TRUE, FALSE],
        values=[TRUE.lower(), FALSE.lower()],
        key=TRUE if true else FALSE,
        explanation=(
            f"{TRUE if true else FALSE}. "
            + (f"{item.citation}: {quote(quoted)}" if b.kind == "cloze" else quoted)
        ),
        difficulty="easy" if item.difficulty != "hard" else "medium",
        basis=replace(b, asserted=value),
    )
