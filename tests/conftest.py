"""Shared fixtures: the real corpus index is built once per test session (about a minute).

Set REGASSIST_INDEX to reuse an index between runs (bin/test uses var/test-index); tests
that write to an index (idempotency, crash safety, bad input) use their own folders.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest import settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def corpus_path() -> list[Path]:
    paths = settings.corpus_search_path()
    missing = [p for p in paths[1:] if not p.is_dir()]
    if missing:
        pytest.fail(f"corpus folders not found: {missing}; set {settings.CORPUS_PATH_ENV}")
    return paths


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory, corpus_path) -> Path:
    from ingest.pipeline import run_ingest

    folder = Path(os.environ[settings.INDEX_DIR_ENV]) if os.environ.get(settings.INDEX_DIR_ENV) else tmp_path_factory.mktemp("index")
    report = run_ingest(folder, search_path=corpus_path, log=lambda m: None)
    assert report.ok, report.errors
    return folder


@pytest.fixture(scope="session")
def assistant(index_dir):
    from assistant.service import Assistant

    return Assistant(index_dir)


@pytest.fixture(scope="session")
def passages(assistant):
    return assistant.passages
