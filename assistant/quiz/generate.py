"""build_quiz: scope -> candidates of each kind -> checks -> the quiz (optionally model-phrased).

Candidates are drawn in turn from each requested kind so a quiz mixes kinds; each candidate
must pass every check, a rejected one is counted (with its reason) and replaced by the next.
Everything random comes from ``random.Random`` seeded with the seed and the kind's name, and
every collection is ordered before it is shuffled, so the same seed gives the same quiz in
any process (no dependence on set order or hash seeds).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator

from assistant.quiz import kinds
from assistant.quiz.checks import Pool, check_item, check_quiz
from assistant.quiz.model import TYPE_ALIASES, TYPES, Quiz, QuizError, QuizItem, QuizStats
from assistant.quiz.scope import parse_scope, select
from ingest.passage import Passage

MAX_ITEMS = 500


def normalise_types(types: Iterable[str] | str | None) -> list[str]:
    """['mcq', 'tf'] -> ['mcq', 'truefalse']; None or empty -> every kind; unknown -> QuizError."""
    if types is None:
        return list(TYPES)
    if isinstance(types, str):
        types = types.split(",")
    out: list[str] = []
    for raw in types:
        name = raw.strip().lower().replace(" ", "-")
        if not name:
            continue
        name = TYPE_ALIASES.get(name, name)
        if name not in TYPES:
            raise QuizError(
                f"unknown question type {raw.strip()!r}; use any of: {', '.join(TYPES)}"
            )
        if name not in out:
            out.append(name)
    return out or list(TYPES)


def tier(p: Passage) -> int:
    """Articles of binding acts first, then Annex entries and definitions, then the rest."""
    if p.article and not p.recital and p.kind in ("regulation", "delegated_regulation"):
        return 0
    if p.item or p.term:
        return 1
    return 2


def ordered(passages: list[Passage], rng: random.Random) -> list[Passage]:
    shuffled = sorted(passages, key=lambda p: (p.doc_id, p.order, p.id))
    rng.shuffle(shuffled)
    return sorted(shuffled, key=tier)  # stable: random within a tier


def candidates(
    kind: str, ctx: kinds.Context, scope: list[Passage], seed: int
) -> Iterator[QuizItem]:
    """Every candidate of one kind over the scope, in a seeded order."""
    rng = random.Random(f"{seed}:{kind}")
    if kind == "truefalse":
        sources = ("number", "mcq", "annex", "definition", "which-article")
        for p in ordered(scope, rng):
            source = sources[rng.randrange(len(sources))]
            for base in _of_kind(source, ctx, p, rng):
                item = kinds.truefalse_from(ctx, base, rng)
                if item is not None:
                    yield item
                    break
        return
    for p in ordered(scope, rng):
        yield from _of_kind(kind, ctx, p, rng)


def _of_kind(kind: str, ctx: kinds.Context, p: Passage, rng: random.Random) -> Iterator[QuizItem]:
    if kind in ("mcq", "number"):
        return kinds.cloze_candidates(ctx, p, kind, rng)
    builders: dict[str, Callable[..., Iterator[QuizItem]]] = {
        "which-article": kinds.which_article_candidates,
        "definition": kinds.definition_candidates,
        "annex": kinds.annex_candidates,
    }
    return builders[kind](ctx, p, rng)


def build_quiz(
    assistant,
    doc: str | None = None,
    scope: str | None = None,
    n: int = 10,
    types=None,
    seed: int = 0,
    llm=None,
) -> Quiz:
    """A checked quiz of ``n`` items over ``doc``/``scope``; QuizError with a one-line reason otherwise.

    ``assistant`` needs only ``passages`` and ``documents`` (an ``Assistant`` or anything alike).
    ``llm``: an ``LLMConfig`` or a LangChain chat model; items are then phrased by the model and
    checked again, a rejected phrasing being replaced by the checked template wording.
    """
    if not isinstance(n, int) or n < 1 or n > MAX_ITEMS:
        raise QuizError(f"the number of items must be between 1 and {MAX_ITEMS}; got {n!r}")
    wanted = normalise_types(types)
    documents = dict(getattr(assistant, "documents", {}) or {})
    passages: list[Passage] = list(assistant.passages)
    known = documents or {p.doc_id: {} for p in passages}
    if doc is not None and doc not in known:
        raise QuizError(f"unknown document id {doc!r}; known: {', '.join(known)}")
    if scope is not None and not scope.strip():
        scope = None
    if scope:
        parse_scope(scope)  # a malformed scope fails before any work
    chosen = select(passages, doc, scope)
    if not chosen:
        raise QuizError(f"document {doc!r} has no passages in the index")

    docs_in_scope = sorted({p.doc_id for p in chosen})
    names = {d: (documents.get(d, {}) or {}).get("short") or d for d in docs_in_scope}
    # distractors are checked against every passage of the documents in scope (a superset of the scope)
    pool_passages = [p for p in passages if p.doc_id in docs_in_scope]
    ctx = kinds.Context.build(names, pool_passages)
    pool = Pool(pool_passages)
    stats = QuizStats()
    items = _select(wanted, ctx, chosen, pool, n, seed, stats)
    if len(items) < n:
        where = f"{scope or 'the whole document'} of {doc}" if doc else (scope or "the corpus")
        if not items:
            raise QuizError(
                f"no item of type {','.join(wanted)} can be built from {where}: it has nothing of that kind "
                "to test (Articles, Article 2 definitions, Annex entries, periods, authorities); "
                "choose other types, another scope or another document"
            )
        raise QuizError(
            f"only {len(items)} of {n} items pass the checks for {where} with types {','.join(wanted)}; "
            "widen the scope, allow more types or ask for fewer items"
        )
    if llm is not None:
        from assistant.quiz.phrasing import phrase_items

        items = phrase_items(items, llm, pool, stats)
    problems = check_quiz(items)
    if problems:  # cannot happen: selection skips used passages; kept as a guard
        raise QuizError(f"internal error: {problems[0]}")
    title = f"{names.get(doc, doc) if doc else 'All documents'}: {scope or 'whole text'}"
    return Quiz(items, doc, scope, seed, wanted, stats, title)


def _select(
    wanted: list[str],
    ctx: kinds.Context,
    scope: list[Passage],
    pool: Pool,
    n: int,
    seed: int,
    stats: QuizStats,
) -> list[QuizItem]:
    """Round-robin over kinds; each turn takes the kind's next candidate that passes the checks."""
    rng = random.Random(f"{seed}:order")
    order = list(wanted)
    rng.shuffle(order)
    streams = {k: candidates(k, ctx, scope, seed) for k in order}
    used: set[str] = set()
    items: list[QuizItem] = []
    while len(items) < n and streams:
        for kind in list(order):
            if len(items) >= n:
                break
            if kind not in streams:
                continue
            item = _next_passing(streams[kind], used, pool, stats)
            if item is None:
                del streams[kind]
                continue
            if stats.rejected > stats.replaced:  # it takes the place of a rejected candidate
                stats.replaced += 1
            items.append(item)
            used.add(item.passage_id)
            stats.passed += 1
    return items


def _next_passing(
    stream: Iterator[QuizItem], used: set[str], pool: Pool, stats: QuizStats
) -> QuizItem | None:
    for item in stream:
        if item.passage_id in used:
            continue  # no two items test the same passage: do not even build a check for it
        stats.generated += 1
        problems = check_item(item, pool.by_id.get(item.passage_id), pool)
        if not problems:
            return item
        stats.rejected += 1
        if len(stats.rejects) < stats.MAX_REJECTS:
            stats.rejects.append((item, [str(p) for p in problems]))
        for reason in dict.fromkeys(p.reason for p in problems):
            stats.reasons[reason] += 1
    return None
