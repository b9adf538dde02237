"""Where things are, and the offline switches every entry point must set first.

Officials' questions must never leave the machine, so the telemetry and hub switches are
set at import time of the two packages, before chromadb, gradio or transformers load.
"""

from __future__ import annotations

import os
from pathlib import Path

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_DATASETS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",  # chromadb
    "GRADIO_ANALYTICS_ENABLED": "False",
    "DO_NOT_TRACK": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def go_offline() -> None:
    """Force the offline switches (overriding a user's environment: this tool never phones home)."""
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value


go_offline()

# numpy's OpenBLAS keeps its threads spinning after each product (the goods check's similarity
# of a question to every entry); on a 2-core machine they then take the cores the model's own
# threads need, and a new answer took twice as long (p50 142 -> 70 ms with one BLAS thread).
# The products numpy does here are small: one thread loses nothing. A user's setting wins; it
# takes effect only before numpy is imported, which is why it sits here.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

#: The checkout (or install) root: the folder that holds ``corpus/manifest.toml``.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

CORPUS_PATH_ENV = "REGASSIST_CORPUS_PATH"
INDEX_DIR_ENV = "REGASSIST_INDEX"
CHROMA_URL_ENV = "REGASSIST_CHROMA_URL"
MANIFEST_ENV = "REGASSIST_MANIFEST"


def manifest_path() -> Path:
    return Path(os.environ.get(MANIFEST_ENV) or PROJECT_ROOT / "corpus" / "manifest.toml")


def corpus_search_path(override: str | None = None) -> list[Path]:
    """The folders searched for corpus files, in order.

    One setting: ``--corpus-path`` or ``REGASSIST_CORPUS_PATH`` (``os.pathsep``-separated).
    Default: the user's own ``corpus/documents/`` first, then ``../shared/corpus`` and
    ``../shared/seeds`` beside the checkout.
    """
    raw = override if override is not None else os.environ.get(CORPUS_PATH_ENV)
    if raw:
        return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]
    shared = PROJECT_ROOT.parent / "shared"
    return [PROJECT_ROOT / "corpus" / "documents", shared / "corpus", shared / "seeds"]


def index_dir(override: str | None = None) -> Path:
    """Where the index lives: ``--index``, ``REGASSIST_INDEX``, or ``var/index`` in the checkout."""
    raw = override or os.environ.get(INDEX_DIR_ENV)
    return Path(raw).expanduser() if raw else PROJECT_ROOT / "var" / "index"


def chroma_url(override: str | None = None) -> str | None:
    return override or os.environ.get(CHROMA_URL_ENV) or None
