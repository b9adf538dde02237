"""EUR-Lex HTML -> text lines: block elements become lines, tables become pipe rows."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from ingest.load.source import LoadError, Source, SourceLine, decode_text

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "title"}
_SKIP = {"script", "style", "head"}


class _Lines(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.cells: list[str] | None = None
        self.skip = 0

    def flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        self.buf = []
        if self.cells is not None:
            if text:
                self.cells.append(text)
            return
        if text:
            self.lines.append(text)
            self.lines.append("")

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag == "tr":
            self.flush()
            self.cells = []
        elif tag in ("td", "th") or tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "tr":
            self.flush()
            if self.cells:
                self.lines.append("| " + " | ".join(self.cells) + " |")
            self.cells = None
        elif tag in ("td", "th") or tag in _BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data)


def load_html(path: Path) -> Source:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read: {exc.strerror}") from exc
    parser = _Lines()
    parser.feed(decode_text(path, raw))
    parser.flush()
    if not any(parser.lines):
        raise LoadError(path, "the HTML page has no text")
    return Source(path, "html", [SourceLine(line) for line in parser.lines])
