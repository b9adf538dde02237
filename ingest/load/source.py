"""What every loader returns: the document's lines, each with the page it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class LoadError(ValueError):
    """A file that cannot be read as a document: the message names the file and the problem."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class SourceLine:
    text: str
    page: int = 0  # 1-based for paged sources (PDF), 0 when the source has no pages


@dataclass
class Source:
    path: Path
    format: str  # markdown | text | pdf | html
    lines: list[SourceLine]
    meta: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def decode_text(path: Path, raw: bytes) -> str:
    """Strict UTF-8 with clear errors: binary bytes and other encodings are refused, not guessed."""
    if not raw.strip():
        raise LoadError(path, "the file is empty")
    if b"\x00" in raw:
        raise LoadError(path, "binary content (NUL bytes): not a text document")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            path, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); convert it to UTF-8"
        ) from exc
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text) // 200):
        raise LoadError(path, f"binary content ({controls} control characters): not a text document")
    return text
