"""File -> text lines with positions (page numbers for PDFs). One module per format."""

from __future__ import annotations

from pathlib import Path

from ingest.load.source import LoadError, Source, SourceLine

__all__ = ["LoadError", "Source", "SourceLine", "load_file"]


def load_file(path: Path) -> Source:
    """Pick the loader by extension; anything unknown is read as plain text."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from ingest.load.pdf import load_pdf

        return load_pdf(path)
    if suffix in (".md", ".markdown"):
        from ingest.load.markdown import load_markdown

        return load_markdown(path)
    if suffix in (".html", ".htm", ".xhtml"):
        from ingest.load.html import load_html

        return load_html(path)
    from ingest.load.text import load_text

    return load_text(path)
