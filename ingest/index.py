"""The store: Chroma vectors (embedded on disk, or a Chroma server) + a BM25 index + passages.

Writes are generational so a crash never leaves a half-written index: a new generation
(Chroma collection ``passages_g<N>``, folder ``gen-<N>`` with passages.jsonl and BM25) is
built completely, then ``current.json`` is switched with an atomic rename, then the old
generation is dropped. Readers only ever follow ``current.json``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from ingest import settings as _settings  # noqa: F401  (telemetry off before chromadb loads)
from ingest.embed import DIMENSIONS, MODEL_NAME
from ingest.passage import Passage
from ingest.tokens import tokenize

POINTER = "current.json"
EMBED_CHUNK = 256  # passages embedded between two Chroma writes
# What the ingest code derives from the documents beyond their text (keywords, ids, fields). Raise
# it when that changes: commands that answer questions then refresh an index built by older code
# (vectors are reused, so this takes seconds).
FORMAT = 16  # 16: a mixed-case name ("DUeS") is a keyword whole as well as stemmed; 15: Annex I's definitions as passages
# 14: the manifest names the news item by the Alliance (aliases read into the index)
COLLECTION_PREFIX = "passages_g"
ADAPTED_PREFIX = "adapted_g"  # the corpus-adapted model's vectors (ingest.adapt)
ADAPTED_DIR = "adapted"  # its models, by key, under the index folder
MAX_BATCH = 5000  # Chroma refuses batches above ~5,461


class IndexMissing(RuntimeError):
    """There is no index yet (run ``regassist ingest``) or it cannot be opened."""


def chroma_client(index_dir: Path, url: str | None = None):
    """Embedded persistent Chroma in ``index_dir/chroma``, or a server when ``url`` is given."""
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if url:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        return chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or 8000,
            ssl=parsed.scheme == "https",
            settings=settings,
        )
    path = index_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_pointer(index_dir: Path) -> dict | None:
    try:
        return json.loads((index_dir / POINTER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@dataclass
class WriteResult:
    changed: bool
    generation: int
    passages: int
    embedded: int
    reused: int
    removed: int
    seconds_embedding: float = 0.0
    seconds_writing: float = 0.0


#: Chroma's HNSW graph, wider than its defaults: with them the nearest-neighbour search missed
#: 1.8% of the exact top-80 passages (108 of 5,920 for 74 probe questions) and sometimes the
#: nearest one; built wide it misses a few in ten thousand (tests/test_retrieval.py compares
#: it with brute force), at no cost a corpus of a few thousand passages would notice.
HNSW = {"space": "cosine", "ef_construction": 400, "ef_search": 400, "max_neighbors": 32}


def _details(info: dict) -> dict:
    """What the manifest says of each document (title, aliases, relates_to...), not how its
    ingest went: a failed document that kept its passages does not rewrite the index."""
    return {d: {k: v for k, v in meta.items() if k not in ("status", "passages")} for d, meta in (info.get("documents") or {}).items()}


@dataclass
class IndexWriter:
    index_dir: Path
    chroma_url: str | None = None
    _client: object = field(default=None, init=False, repr=False)

    @property
    def client(self):
        if self._client is None:
            self._client = chroma_client(self.index_dir, self.chroma_url)
        return self._client

    def previous(self) -> tuple[dict | None, dict[str, Passage], dict[str, np.ndarray]]:
        """The current generation's pointer, passages and their vectors keyed by content hash."""
        pointer = read_pointer(self.index_dir)
        if not pointer or pointer.get("chroma_url") != self.chroma_url:
            return pointer, {}, {}
        passages = {p.id: p for p in load_passages(self.index_dir / pointer["folder"])}
        vectors: dict[str, np.ndarray] = {}
        try:
            col = self.client.get_collection(pointer["collection"])
            got = col.get(include=["embeddings", "metadatas"])
            for meta, emb in zip(got["metadatas"], got["embeddings"], strict=True):
                vectors[meta["ehash"]] = np.asarray(emb, dtype=np.float32)
        except Exception:  # collection gone (server wiped): everything is embedded again
            vectors = {}
        return pointer, passages, vectors

    def write(
        self,
        passages: list[Passage],
        embed,  # Callable[[list[str], int], np.ndarray]: texts, and how many are to embed in all
        info: dict,
        force: bool = False,
        adapted: Path | None = None,  # the corpus-adapted model (ingest.adapt), in index_dir/ADAPTED_DIR
    ) -> WriteResult:
        pointer, old, vectors = self.previous()
        old_hashes = {pid: p.content_hash for pid, p in old.items()}
        new_hashes = {p.id: p.content_hash for p in passages}
        generation = (pointer or {}).get("generation", 0)
        adapted_name = adapted.name if adapted else None
        unchanged = (
            old_hashes == new_hashes and pointer and pointer.get("model") == MODEL_NAME and pointer.get("hnsw") == HNSW
            and pointer.get("format") == FORMAT and (pointer.get("adapted") or {}).get("model") == adapted_name
        )
        same_info = bool(pointer) and pointer.get("warnings") == info.get("warnings") and _details(pointer) == _details(info)
        if unchanged and not force and same_info:  # a new title or alias still needs a new pointer
            return WriteResult(False, generation, len(passages), 0, len(passages), 0)

        ehash = {p.id: _ehash(p) for p in passages}
        # by length: the model pads a batch to its longest text and sorts by length only within one
        # call, so chunks of similar length pad as little as one call over everything (ratio to
        # embedding alone 1.12-1.31 -> 0.99-1.07). Longest first: the largest batches run while
        # Chroma is still small (peak 1.7-2.0 GB -> 1.4 GB)
        todo = sorted((p for p in passages if ehash[p.id] not in vectors), key=lambda p: -len(p.embed_text))
        reused = [p for p in passages if ehash[p.id] in vectors]
        generation += 1
        name = f"{COLLECTION_PREFIX}{generation}"
        adapted_collection = f"{ADAPTED_PREFIX}{generation}"
        folder = f"gen-{generation}"
        target = self.index_dir / folder
        staging = self.index_dir / f"{folder}.tmp"

        def prepare():
            """What needs no new vector: the passages file, the keyword index, the Chroma client
            (its import takes a second) and the new collection with the reused vectors; done while
            the model embeds, which leaves the GIL."""
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            with (staging / "passages.jsonl").open("w", encoding="utf-8") as fh:
                for p in passages:
                    fh.write(json.dumps(p.to_record(), ensure_ascii=False) + "\n")
            build_bm25(passages, staging / "bm25")
            with contextlib.suppress(Exception):
                self.client.delete_collection(name)  # debris of an earlier crashed run
            col = self.client.create_collection(name, embedding_function=None, configuration={"hnsw": dict(HNSW)})
            add(col, reused)
            return col

        def add(col, batch_passages: list[Passage]) -> None:
            for start in range(0, len(batch_passages), MAX_BATCH):
                batch = batch_passages[start : start + MAX_BATCH]
                col.add(
                    ids=[p.id for p in batch],
                    embeddings=np.vstack([vectors[ehash[p.id]] for p in batch]),
                    documents=[p.text for p in batch],
                    metadatas=[{**p.chroma_metadata(), "ehash": ehash[p.id]} for p in batch],
                )

        # the new vectors go to Chroma a chunk at a time, each while the next chunk is embedded
        with ThreadPoolExecutor(max_workers=1) as side:
            prepared = side.submit(prepare)
            added = []
            t0 = time.perf_counter()
            for start in range(0, len(todo), EMBED_CHUNK):
                chunk = todo[start : start + EMBED_CHUNK]
                fresh = embed([p.embed_text for p in chunk], len(todo))
                for p, vec in zip(chunk, fresh, strict=True):
                    vectors[ehash[p.id]] = vec
                added.append(side.submit(lambda chunk=chunk: add(prepared.result(), chunk)))
            t1 = time.perf_counter()
            prepared.result()  # an error on the side is raised here: nothing is switched
            for done in added:
                done.result()
        if adapted is not None:
            self._write_adapted(passages, adapted, adapted_collection, pointer)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(staging, target)
        new_pointer = {
            "generation": generation,
            "collection": name,
            "folder": folder,
            "chroma_url": self.chroma_url,
            "model": MODEL_NAME,
            "hnsw": HNSW,
            "format": FORMAT,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "passages": len(passages),
            **({"adapted": {"model": adapted_name, "collection": adapted_collection}} if adapted else {}),
            **info,
        }
        _atomic_write(self.index_dir / POINTER, json.dumps(new_pointer, indent=2, ensure_ascii=False))
        t2 = time.perf_counter()
        self._drop_other_generations(generation, {adapted_name, ((pointer or {}).get("adapted") or {}).get("model")})
        removed = len(set(old_hashes) - set(new_hashes))
        return WriteResult(True, generation, len(passages), len(todo), len(passages) - len(todo), removed, t1 - t0, t2 - t1)

    def _write_adapted(self, passages: list[Passage], model: Path, name: str, pointer: dict | None) -> None:
        """Every passage's vector by the adapted model, in a collection of its own: reused from the
        previous generation when it was made by the same model (the model changes with the text)."""
        from ingest.embed import Embedder

        vectors: dict[str, np.ndarray] = {}
        previous = (pointer or {}).get("adapted") or {}
        if previous.get("model") == model.name and pointer.get("chroma_url") == self.chroma_url:
            with contextlib.suppress(Exception):
                got = self.client.get_collection(previous["collection"]).get(include=["embeddings"])
                vectors = {pid: np.asarray(e, dtype=np.float32) for pid, e in zip(got["ids"], got["embeddings"], strict=True)}
        todo = [p for p in passages if p.id not in vectors]
        if todo:
            fresh = Embedder.shared(model).embed([p.embed_text for p in todo], batch_size=64)
            vectors.update({p.id: v for p, v in zip(todo, fresh, strict=True)})
        with contextlib.suppress(Exception):
            self.client.delete_collection(name)  # debris of an earlier crashed run
        col = self.client.create_collection(name, embedding_function=None, configuration={"hnsw": dict(HNSW)})
        for start in range(0, len(passages), MAX_BATCH):
            batch = passages[start : start + MAX_BATCH]
            col.add(
                ids=[p.id for p in batch],
                embeddings=np.vstack([vectors[p.id] for p in batch]),
                metadatas=[p.chroma_metadata() for p in batch],
            )

    def _drop_other_generations(self, keep: int, models: set[str | None]) -> None:
        """Keep the new generation and the one before it: a server that opened the previous one
        keeps answering until it notices the switch and reloads."""
        keep_names = {f"{prefix}{g}" for prefix in (COLLECTION_PREFIX, ADAPTED_PREFIX) for g in (keep, keep - 1)}
        with contextlib.suppress(Exception):
            for col in self.client.list_collections():
                name = getattr(col, "name", col)
                if name.startswith((COLLECTION_PREFIX, ADAPTED_PREFIX)) and name not in keep_names:
                    self.client.delete_collection(name)
        for path in self.index_dir.glob("gen-*"):
            if path.name not in {f"gen-{keep}", f"gen-{keep - 1}"}:
                shutil.rmtree(path, ignore_errors=True)
        for path in (self.index_dir / ADAPTED_DIR).glob("*"):
            if path.name not in models:  # the two generations' adapted models stay
                shutil.rmtree(path, ignore_errors=True)


def _ehash(p: Passage) -> str:
    import hashlib

    return hashlib.sha256(f"{MODEL_NAME}\n{p.embed_text}".encode()).hexdigest()[:24]


def build_bm25(passages: list[Passage], folder: Path) -> None:
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([tokenize(p.search_text) or ["_"] for p in passages], show_progress=False)
    retriever.save(str(folder))


def load_passages(folder: Path) -> list[Passage]:
    with (folder / "passages.jsonl").open(encoding="utf-8") as fh:
        return [Passage.from_record(json.loads(line)) for line in fh if line.strip()]


class IndexReader:
    """Read side: passages in memory, BM25 scores, dense neighbours from Chroma."""

    def __init__(self, index_dir: Path, chroma_url: str | None = None):
        import bm25s

        self.index_dir = index_dir
        self.pointer = read_pointer(index_dir)
        if not self.pointer:
            raise IndexMissing(f"no index in {index_dir}: run 'regassist ingest' first")
        url = chroma_url or self.pointer.get("chroma_url")
        folder = index_dir / self.pointer["folder"]
        adapted = self.pointer.get("adapted") or {}
        self.adapted_model: Path | None = index_dir / ADAPTED_DIR / adapted["model"] if adapted else None
        self.adapted_collection = None
        try:
            self.passages = load_passages(folder)
            self.bm25 = bm25s.BM25.load(str(folder / "bm25"))
            client = chroma_client(index_dir, url)
            self.collection = client.get_collection(self.pointer["collection"])
            if adapted:
                self.adapted_collection = client.get_collection(adapted["collection"])
                if not (self.adapted_model / "config.json").exists():
                    raise OSError(f"the adapted model {self.adapted_model} is missing")
        except Exception as exc:
            raise IndexMissing(f"the index in {index_dir} cannot be opened ({exc}); run 'regassist ingest'") from exc
        self.by_id = {p.id: p for p in self.passages}
        self.position = {p.id: i for i, p in enumerate(self.passages)}
        self.vocab = self.bm25.vocab_dict
        self._vectors: np.ndarray | None = None

    def bm25_scores(self, query: str) -> np.ndarray:
        tokens = [t for t in tokenize(query) if t in self.vocab]
        if not tokens:
            return np.zeros(len(self.passages), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)

    def dense(self, vector: np.ndarray, n: int, where: dict | None = None, adapted: bool = False) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) of the ``n`` nearest passages (by the adapted model's
        vectors when ``adapted``: ``vector`` must then come from that model too)."""
        collection = self.adapted_collection if adapted else self.collection
        res = collection.query(
            query_embeddings=[vector.tolist()], n_results=min(n, len(self.passages)), where=where or None,
            include=["distances"],
        )
        return [(pid, 1.0 - float(d)) for pid, d in zip(res["ids"][0], res["distances"][0], strict=True)]

    def vectors(self, adapted: bool = False) -> np.ndarray:
        """Every passage's vector, in passage order, from the packaged (or adapted) collection."""
        got = (self.adapted_collection if adapted else self.collection).get(include=["embeddings"])
        matrix = np.zeros((len(self.passages), DIMENSIONS), dtype=np.float32)
        for pid, emb in zip(got["ids"], got["embeddings"], strict=True):
            if pid in self.position:
                matrix[self.position[pid]] = emb
        return matrix

    def similarities(self, vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of every passage (in passage order) to a packaged-model vector: the
        scale abstention is calibrated on, while the adapted model ranks."""
        if self._vectors is None:
            self._vectors = self.vectors()
        return self._vectors @ vector

    def embeddings(self, ids: list[str]) -> dict[str, np.ndarray]:
        got = self.collection.get(ids=ids, include=["embeddings"])
        return {pid: np.asarray(e, dtype=np.float32) for pid, e in zip(got["ids"], got["embeddings"], strict=True)}
