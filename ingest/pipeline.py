"""manifest -> load -> structure -> passages -> embed -> index, with per-document failures.

One bad document never stops the others and never costs the index anything: a document
that fails to load keeps the passages it had in the previous generation.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest import adapt
from ingest.cross_references import with_cross_references
from ingest.embed import Embedder
from ingest.index import ADAPTED_DIR, IndexWriter, WriteResult, load_passages, read_pointer
from ingest.load import LoadError, load_file
from ingest.manifest import DocFile, DocumentSpec, load_manifest, locate
from ingest.passage import Passage, slug
from ingest.settings import corpus_search_path, manifest_path
from ingest.structure.acts import parse_act
from ingest.structure.notes import parse_note

SUPPORTED = (".pdf", ".md", ".markdown", ".txt", ".text", ".html", ".htm")
ADDED = "added.json"


@dataclass
class DocReport:
    id: str
    status: str  # ok | failed | missing
    passages: int = 0
    articles: int = 0
    annex_entries: int = 0
    recitals: int = 0
    message: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    documents: list[DocReport]
    result: WriteResult | None
    seconds: float
    index_dir: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def passages(self) -> int:
        return self.result.passages if self.result else 0

    def summary(self) -> dict:
        docs = [d for d in self.documents if d.status == "ok"]
        embedded = self.result.embedded if self.result else 0
        return {
            "index": self.index_dir,
            "documents": len(self.documents),
            "documents_ok": len(docs),
            "documents_failed": len(self.documents) - len(docs),
            "passages": self.passages,
            "articles": sum(d.articles for d in docs),
            "annex_entries": sum(d.annex_entries for d in docs),
            "recitals": sum(d.recitals for d in docs),
            "embedded": embedded,
            "reused": self.result.reused if self.result else 0,
            "removed": self.result.removed if self.result else 0,
            "changed": bool(self.result and self.result.changed),
            "generation": self.result.generation if self.result else 0,
            "seconds": round(self.seconds, 2),
            "passages_per_s": round(self.passages / self.seconds, 1) if self.seconds else 0.0,
            "embedded_per_s": round(embedded / self.result.seconds_embedding, 1)
            if self.result and self.result.seconds_embedding
            else 0.0,
            "errors": self.errors,
            "warnings": self.warnings,
            "per_document": [asdict(d) for d in self.documents],
        }


def parse_document(spec: DocumentSpec, search_path: list[Path]) -> tuple[list[Passage], DocReport]:
    """Load and structure one document; raises LoadError for files that cannot be used."""
    report = DocReport(spec.id, "ok")
    passages: list[Passage] = []
    for found in locate(spec, search_path):
        if found.path is None:
            if found.file.role != "main":
                report.warnings.append(f"{spec.id}: optional file {found.file.name} not found; its {found.file.role} are left out")
                continue
            where = spec.url or spec.related_url or "no official URL known"
            report.status = "missing"
            report.message = f"{spec.id}: file {found.file.name} not found on the corpus path; get it from {where}"
            return [], report
        if not found.checksum_ok:
            report.warnings.append(
                f"{spec.id}: {found.path.name} differs from the manifest checksum (a newer or edited version?)"
            )
        source = load_file(found.path)
        if spec.parser == "act":
            got, counts = parse_act(source, spec, found.file.role, found.file.url)
            if found.file.role == "main" and counts["articles"] == 0:
                raise LoadError(found.path, "no Article headings found: not a legal act in the expected format")
            report.articles += counts["articles"]
            report.annex_entries += counts["annex_entries"]
            report.recitals += counts["recitals"]
        else:
            got, counts = parse_note(source, spec)
        if not got and found.file.role == "main":
            raise LoadError(found.path, "no text passages could be extracted")
        passages.extend(got)
    # recitals come from another file: keep passages in document order, recitals first
    passages.sort(key=lambda p: (0 if p.recital else 1, p.order))
    passages = [Passage.from_record({**p.to_record(), "order": i}) for i, p in enumerate(passages)]
    report.passages = len(passages)
    return passages, report


def added_documents(index_dir: Path) -> list[DocumentSpec]:
    path = index_dir / ADDED
    if not path.exists():
        return []
    out = []
    for raw in json.loads(path.read_text(encoding="utf-8")):
        file = Path(raw["path"])
        out.append(
            DocumentSpec(
                id=raw["id"],
                title=raw["title"],
                kind=raw["kind"],
                url=raw.get("url") or file.resolve().as_uri(),
                files=(DocFile(str(file.resolve())),),
                short=raw.get("short") or raw["title"],
                parser="act" if raw["kind"] in ("regulation", "delegated_regulation") else "note",
                date=raw.get("date", ""),
            )
        )
    return out


def register_added(index_dir: Path, path: Path, kind: str, title: str | None, known: set[str]) -> list[dict]:
    """Remember user files (a file or every supported file of a folder) for this and later ingests."""
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED) if path.is_dir() else [path]
    if not files:
        raise LoadError(path, "no PDF, Markdown, HTML or text files found")
    store = index_dir / ADDED
    current = json.loads(store.read_text(encoding="utf-8")) if store.exists() else []
    by_path = {c["path"]: c for c in current}
    entries = []
    for f in files:
        if not f.is_file():
            raise LoadError(f, "no such file")
        resolved = str(f.resolve())
        doc_id = by_path.get(resolved, {}).get("id") or f"user-{slug(f.stem, 48)}"
        base, n = doc_id, 2
        while doc_id in known and by_path.get(resolved, {}).get("id") != doc_id:
            doc_id, n = f"{base}-{n}", n + 1
        known.add(doc_id)
        entry = {"id": doc_id, "path": resolved, "kind": kind, "title": title or f.stem.replace("_", " ")}
        by_path[resolved] = entry
        entries.append(entry)
    index_dir.mkdir(parents=True, exist_ok=True)
    store.write_text(json.dumps(list(by_path.values()), indent=2, ensure_ascii=False), encoding="utf-8")
    return entries


def run_ingest(
    index_dir: Path,
    chroma_url: str | None = None,
    search_path: list[Path] | None = None,
    manifest: Path | None = None,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    log: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr),
) -> IngestReport:
    """Ingest every manifest document (and the user's added files) into the index."""
    t0 = time.perf_counter()
    search_path = search_path if search_path is not None else corpus_search_path()
    specs = load_manifest(manifest or manifest_path())  # ManifestError: nothing runs
    specs += [s for s in added_documents(index_dir) if s.id not in {x.id for x in specs}]
    pointer = read_pointer(index_dir)
    previous: dict[str, list[Passage]] = {}
    if pointer and (index_dir / pointer["folder"]).exists():
        for p in load_passages(index_dir / pointer["folder"]):
            previous.setdefault(p.doc_id, []).append(p)

    reports: list[DocReport] = []
    passages: list[Passage] = []
    errors: list[str] = []
    warnings: list[str] = []
    for spec in specs:
        try:
            got, report = parse_document(spec, search_path)
        except LoadError as exc:
            got, report = [], DocReport(spec.id, "failed", message=str(exc))
        warnings.extend(report.warnings)
        if report.status != "ok":
            errors.append(report.message)
            kept = previous.get(spec.id, [])
            if kept:
                report.message += f" (kept its {len(kept)} passages from the previous index)"
            got = kept
        reports.append(report)
        passages.extend(got)
    passages = with_cross_references(passages, specs)
    for line in errors:
        log(f"error: {line}")
    for line in warnings:
        log(f"warning: {line}")

    embedder = Embedder.shared()
    done = [0]  # the writer embeds in chunks: progress counts across them

    def embed(texts: list[str], todo: int):
        def step(n: int) -> None:
            done[0] += n
            if progress:
                progress(done[0], todo)

        return embedder.embed(texts, batch_size=64, progress=step)

    info = {
        "documents": {
            r.id: {
                "status": r.status,
                "passages": r.passages,
                "title": spec.title,
                "short": spec.label,
                "kind": spec.kind,
                "url": spec.url,
                "date": spec.date,
                "version": spec.version,
                "aliases": list(spec.aliases),
                "relates_to": list(spec.relates_to),
            }
            for r, spec in zip(reports, specs, strict=True)
        },
        "warnings": warnings,
        "errors": errors,
    }
    if not passages:
        return IngestReport(reports, None, time.perf_counter() - t0, str(index_dir), errors, warnings)
    adapted = None
    if adapt.enabled(passages):
        adapted = index_dir / ADAPTED_DIR / adapt.model_key(passages)
        if not (adapted / "config.json").exists():
            log("adapting the embedding model to the corpus (once per corpus text; a few minutes)")
            t1 = time.perf_counter()
            adapt.adapt(passages, adapted)
            log(f"adapted model ready in {time.perf_counter() - t1:.0f} s: {adapted}")
    writer = IndexWriter(index_dir, chroma_url)
    result = writer.write(passages, embed, info, force=force, adapted=adapted)
    return IngestReport(reports, result, time.perf_counter() - t0, str(index_dir), errors, warnings)
