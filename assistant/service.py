"""The one entry point every interface calls: CLI, chat UI, evals and benchmarks.

``Assistant.ask`` validates the question, retrieves, composes (extractive, or LLM with
fallback) and returns an ``Answer``. Interfaces add presentation only.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from pathlib import Path

from assistant.amendments import amendment_notices, later_amendments
from assistant.answer import Answer, compose
from assistant.goods import retrieval_hints
from assistant.retrieve import Retriever
from ingest.embed import Embedder
from ingest.index import POINTER, IndexReader
from ingest.passage import Passage
from ingest.settings import chroma_url, index_dir

MAX_QUESTION_CHARS = 2000


class QuestionError(ValueError):
    """A question that cannot be asked (empty, too long, binary): the message says why."""


def clean_question(question: str | None) -> str:
    if question is None:
        raise QuestionError("the question is empty")
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t" else ch for ch in question
    )
    text = " ".join(text.split())
    if not text:
        raise QuestionError("the question is empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is {len(text):,} characters long; ask in at most {MAX_QUESTION_CHARS:,} characters"
        )
    if not re.search(r"\w", text):
        raise QuestionError("the question has no words")
    return text


class Assistant:
    def __init__(self, index: str | Path | None = None, chroma: str | None = None, embedder: Embedder | None = None):
        t0 = time.perf_counter()
        self.index_dir = Path(index) if index else index_dir()
        self.chroma = chroma_url(chroma)
        self.embedder = embedder or Embedder.shared()
        self._lock = threading.Lock()
        self._open()
        self.load_seconds = time.perf_counter() - t0

    def _open(self) -> None:
        self._pointer_stamp = self._stamp()
        reader = IndexReader(self.index_dir, self.chroma)
        self.reader, self.retriever = reader, Retriever(reader, self.embedder)
        self.idf = self.retriever.idf
        self.amendments = later_amendments(reader.pointer.get("documents", {}))

    def _stamp(self) -> int:
        try:
            return (self.index_dir / POINTER).stat().st_mtime_ns
        except OSError:
            return 0

    def refresh(self) -> bool:
        """Reopen the index if an ingest switched it to a new generation (a running server keeps up)."""
        if self._stamp() == self._pointer_stamp:
            return False
        with self._lock:
            if self._stamp() != self._pointer_stamp:
                self._open()
        return True

    def passage(self, passage_id: str) -> Passage | None:
        return self.reader.by_id.get(passage_id)

    @property
    def passages(self) -> list[Passage]:
        return self.reader.passages

    @property
    def documents(self) -> dict[str, dict]:
        return self.reader.pointer.get("documents", {})

    def search(self, question: str, k: int = 5, doc=None, kind=None, **kw):
        self.refresh()
        question = clean_question(question)
        if "favoured" not in kw:
            hints = retrieval_hints(self, question)
            kw.update(favoured=hints.notes, weighed=hints.entries)
        return self.retriever.search(question, k=k, doc=doc, kind=kind, **kw)

    def ask(
        self,
        question: str,
        k: int = 5,
        doc: str | list[str] | None = None,
        kind: str | list[str] | None = None,
        llm=None,
        prefer_docs: list[str] | None = None,
        extra_query: str = "",
    ) -> Answer:
        question = clean_question(question)
        self.refresh()
        t0 = time.perf_counter()
        hints = retrieval_hints(self, question)
        retrieval = self.retriever.search(
            question, k=k, doc=doc, kind=kind, prefer_docs=prefer_docs, extra_query=extra_query,
            favoured=hints.notes, weighed=hints.entries,
        )
        answer = compose(retrieval, self.embedder.embed, self.idf)
        if llm is not None and not answer.abstained:
            from assistant.llm import answer_with_llm

            answer = answer_with_llm(llm, retrieval, answer)
        if not answer.abstained:
            cited = [p for c in answer.citations if (p := self.passage(c.passage_id)) and p.annex]
            answer.notices.extend(amendment_notices(cited, self.amendments, self.passages))
        answer.timings["total_ms"] = (time.perf_counter() - t0) * 1000
        return answer

    def provision(self, doc: str, ref: str) -> list[Passage]:
        """Every passage of one provision, in document order: 'Article 31', 'Annex III 3.3',
        'recital 5', 'citations' (the preamble: the legal basis)."""
        from assistant.references import in_article, in_item, parse, sub_item_fit

        refs = parse(ref, self.retriever.aliases)
        preamble = bool(re.fullmatch(r"\s*(?:citations?|preamble|legal basis)\s*", ref, re.I))

        def wanted(p: Passage) -> bool:
            return (
                (preamble and p.section == "Preamble")
                or any(in_article(p, a) for a in refs.articles)
                or any(p.annex == a.annex and (not a.item or in_item(p, a.annex, a.item)) for a in refs.annexes)
                or bool(p.recital and p.recital in refs.recitals)
                or bool(refs.entries and p.item in refs.entries)
            )

        found = sorted((p for p in self.passages if p.doc_id == doc and wanted(p)), key=lambda p: p.order)
        # "5A001.b.3": the parts cited to that sub-item (and the part before, when that is where the
        # sub-item opens), else those cited to the sub-item holding it
        for fit in (2, 1):
            narrowed = [p for p in found if sub_item_fit(p, refs.sub_items) == fit]
            if narrowed:
                at = found.index(narrowed[0])
                label = refs.sub_items[0].rsplit(".", 1)[-1]
                if fit == 2 and at and not narrowed[0].text.startswith(f"{label}. "):
                    narrowed.insert(0, found[at - 1])
                return narrowed
        return found
