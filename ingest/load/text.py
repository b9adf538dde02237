"""Plain text (often extracted from PDFs): form feeds mark page breaks."""

from __future__ import annotations

from pathlib import Path

from ingest.load.source import LoadError, Source, SourceLine, decode_text


def load_text(path: Path) -> Source:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read: {exc.strerror}") from exc
    text = decode_text(path, raw)
    pages = text.split("\f")
    paged = len(pages) > 1
    lines = [
        SourceLine(line, page_no if paged else 0)
        for page_no, page in enumerate(pages, start=1)
        for line in page.splitlines()
    ]
    return Source(path, "text", lines)
