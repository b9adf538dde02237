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


def write_manifest(path: Path, docs: list[dict]) -> Path:
    """A manifest TOML for tests: each doc dict has id, title, kind, url, parser, files [(name, role)]."""
    lines = []
    for d in docs:
        lines += ["[[document]]"]
        for key in ("id", "title", "kind", "url", "parser", "short"):
            if key in d:
                lines.append(f'{key} = "{d[key]}"')
        for name, role in d.get("files", []):
            lines += ["  [[document.file]]", f'  name = "{name}"', f'  role = "{role}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SMALL_CORPUS = [
    {"id": "32020R0621", "title": "Delegated Regulation (EU) 2020/621", "short": "Delegated Regulation (EU) 2020/621",
     "kind": "delegated_regulation", "parser": "act", "url": "https://eur-lex.europa.eu/eli/reg_del/2020/621/oj",
     "files": [("32020R0621.md", "main")]},
    {"id": "32021R0139", "title": "Delegated Regulation (EU) 2021/139", "short": "Delegated Regulation (EU) 2021/139",
     "kind": "delegated_regulation", "parser": "act", "url": "https://eur-lex.europa.eu/eli/reg_del/2021/139/oj",
     "files": [("32021R0139.md", "main")]},
    {"id": "ST-6303-2024-INIT", "title": "Council note 6303/24", "short": "Council document 6303/24",
     "kind": "council_conclusions", "parser": "note", "url": "https://data.consilium.europa.eu/doc/document/ST-6303-2024-INIT/en/pdf",
     "files": [("002_a7dfca56b2338f76.txt", "main")]},
]
