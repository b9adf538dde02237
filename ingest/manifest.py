"""The corpus manifest: which documents exist, their metadata, and where their files are."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ingest.settings import corpus_search_path, manifest_path

KINDS = (
    "regulation",
    "delegated_regulation",
    "council_conclusions",
    "report",
    "commentary",
    "press_release",
)
PARSERS = ("act", "note")
REQUIRED = ("id", "title", "kind", "url", "file")


class ManifestError(ValueError):
    """The manifest itself is unusable (duplicate id, missing field): nothing can be ingested."""


@dataclass(frozen=True)
class DocFile:
    name: str
    sha256: str = ""
    role: str = "main"  # main | recitals
    url: str = ""


@dataclass(frozen=True)
class DocumentSpec:
    id: str
    title: str
    kind: str
    url: str
    files: tuple[DocFile, ...]
    short: str = ""
    parser: str = "act"
    date: str = ""
    version: str = ""
    eli: str = ""
    related_url: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    #: ids of the acts this document amends or comments on: naming those acts also favours it
    relates_to: tuple[str, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return self.short or self.title


@dataclass
class Located:
    """A manifest file found (or not) on the search path, with its checksum verdict."""

    spec: DocumentSpec
    file: DocFile
    path: Path | None
    sha256: str = ""

    @property
    def checksum_ok(self) -> bool:
        return not self.file.sha256 or self.sha256 == self.file.sha256


def load_manifest(path: Path | None = None) -> list[DocumentSpec]:
    path = path or manifest_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read the manifest: {exc}") from exc
    docs: list[DocumentSpec] = []
    seen: set[str] = set()
    for n, raw in enumerate(data.get("document", []), start=1):
        where = f"{path}: document #{n}"
        missing = [k for k in REQUIRED if k not in raw]
        if missing:
            raise ManifestError(f"{where} ({raw.get('id', '?')}): missing field(s) {', '.join(missing)}")
        if raw["id"] in seen:
            raise ManifestError(f"{where}: duplicate id {raw['id']!r}")
        if raw["kind"] not in KINDS:
            raise ManifestError(f"{where} ({raw['id']}): unknown kind {raw['kind']!r}")
        parser = raw.get("parser", "act" if raw["kind"].endswith("regulation") else "note")
        if parser not in PARSERS:
            raise ManifestError(f"{where} ({raw['id']}): unknown parser {parser!r}")
        seen.add(raw["id"])
        files = tuple(
            DocFile(f["name"], f.get("sha256", ""), f.get("role", "main"), f.get("url", ""))
            for f in raw["file"]
        )
        if not any(f.role == "main" for f in files):
            raise ManifestError(f"{where} ({raw['id']}): no file with role 'main'")
        docs.append(
            DocumentSpec(
                id=raw["id"],
                title=raw["title"],
                kind=raw["kind"],
                url=raw["url"],
                files=files,
                short=raw.get("short", ""),
                parser=parser,
                date=str(raw.get("date", "")),
                version=raw.get("version", ""),
                eli=raw.get("eli", ""),
                related_url=raw.get("related_url", ""),
                aliases=tuple(raw.get("aliases", ())),
                relates_to=tuple(raw.get("relates_to", ())),
            )
        )
    ids = {d.id for d in docs}
    for d in docs:
        unknown = [r for r in d.relates_to if r not in ids]
        if unknown:
            raise ManifestError(f"{path}: document {d.id}: relates_to names unknown id(s) {', '.join(unknown)}")
    return docs


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def locate(spec: DocumentSpec, search_path: list[Path] | None = None) -> list[Located]:
    """Find each file of a document on the search path (first folder that has it wins)."""
    folders = search_path if search_path is not None else corpus_search_path()
    found = []
    for doc_file in spec.files:
        path = next((d / doc_file.name for d in folders if (d / doc_file.name).is_file()), None)
        found.append(Located(spec, doc_file, path, sha256_of(path) if path else ""))
    return found
