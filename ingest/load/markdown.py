"""EUR-Lex Markdown (YAML front matter + Markdown body) -> lines; structure is parsed later."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.load.source import LoadError, Source, SourceLine, decode_text

_FRONT_KEY = re.compile(r'^([A-Za-z_]+):\s*"?(.*?)"?\s*$')


def load_markdown(path: Path) -> Source:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read: {exc.strerror}") from exc
    text = decode_text(path, raw)
    meta: dict[str, str] = {}
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        try:
            end = lines.index("---", 1)
        except ValueError as exc:
            raise LoadError(path, "front matter opened with '---' is never closed") from exc
        for line in lines[1:end]:
            m = _FRONT_KEY.match(line)
            if m and m.group(1) != "source_metadata":
                meta[m.group(1)] = m.group(2)
        lines = lines[end + 1 :]
    return Source(path, "markdown", [SourceLine(line) for line in lines], meta)
