"""PDF through pypdf, one page at a time, so every line keeps its page number."""

from __future__ import annotations

import logging
from pathlib import Path

from ingest.load.source import LoadError, Source, SourceLine

logging.getLogger("pypdf").setLevel(logging.ERROR)


def load_pdf(path: Path) -> Source:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        if path.stat().st_size == 0:
            raise LoadError(path, "the file is empty")
        reader = PdfReader(path)
        if reader.is_encrypted:
            # An empty user password opens many "protected" PDFs; anything else we cannot read.
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types here
                raise LoadError(path, "encrypted PDF: cannot decrypt it") from exc
            if not opened:
                raise LoadError(path, "encrypted PDF: a password is needed")
        pages = reader.pages
        lines: list[SourceLine] = []
        for number, page in enumerate(pages, start=1):
            text = page.extract_text() or ""
            lines.extend(SourceLine(line, number) for line in text.splitlines())
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(path, f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if not any(line.text.strip() for line in lines):
        raise LoadError(path, "the PDF has no extractable text (scanned image or empty)")
    meta = {"pages": str(len(pages))}
    return Source(path, "pdf", lines, meta)
