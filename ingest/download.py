"""`regassist download`: fetch the corpus texts from their official sources, when online.

EUR-Lex serves each act as HTML by CELEX number; the files are saved under the names the
manifest expects (as .html; the HTML loader reads them), so ingest finds them on its path.
Here, offline, it fails with one clear line per document and a non-zero exit.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from ingest.manifest import load_manifest

EURLEX_HTML = "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:{celex}"


def download_corpus(target: Path, log: Callable[[str], None] = print, timeout: float = 20.0) -> int:
    target.mkdir(parents=True, exist_ok=True)
    failures = 0
    for spec in load_manifest():
        if not spec.id[:1].isdigit():
            log(f"{spec.id}: not on EUR-Lex; get it from {spec.url or 'its publisher'} and put it in {target}")
            continue
        url = EURLEX_HTML.format(celex=spec.id)
        dest = target / (Path(spec.files[0].name).stem + ".html")
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (fixed https host)
                dest.write_bytes(resp.read())
            log(f"{spec.id}: saved {dest}")
        except (urllib.error.URLError, OSError) as exc:
            failures += 1
            log(f"{spec.id}: cannot download {url} ({getattr(exc, 'reason', exc)})")
    return 1 if failures else 0
