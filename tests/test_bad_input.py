"""Bad input: one line naming the file and the problem, the others still ingest, a non-zero
exit after the summary, and the previous index untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SMALL_CORPUS, write_manifest
from typer.testing import CliRunner

from assistant.cli import app
from ingest.index import IndexReader, read_pointer

runner = CliRunner()


@pytest.fixture
def setup(tmp_path, corpus_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    for d in SMALL_CORPUS:
        for name, _ in d["files"]:
            shutil.copy(next(p / name for p in corpus_path if (p / name).exists()), docs / name)
    manifest = write_manifest(tmp_path / "manifest.toml", SMALL_CORPUS)
    monkeypatch.setenv("REGASSIST_MANIFEST", str(manifest))
    monkeypatch.setenv("REGASSIST_CORPUS_PATH", str(docs))
    index = tmp_path / "index"
    first = runner.invoke(app, ["ingest", "--index", str(index)])
    assert first.exit_code == 0, first.output
    return docs, manifest, index


def ingest(index: Path, *extra: str):
    return runner.invoke(app, ["ingest", "--index", str(index), *extra])


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def assert_one_clear_error(result, filename: str, words: str) -> None:
    assert result.exit_code == 1, result.output
    lines = error_lines(result)
    assert len(lines) == 1, result.stderr
    assert filename in lines[0] and words in lines[0], lines[0]
    assert "Traceback" not in result.output + result.stderr
    assert "Index " in result.stdout  # the summary still comes first


def corrupt_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n\x00\xff garbage trailer <<>>")
    return path


def encrypted_pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, encrypt="a-secret-password")
    c.drawString(72, 720, "Article 1 This Regulation lays down rules.")
    c.save()
    return path


def blank_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize(
    "make, words",
    [
        (corrupt_pdf, "corrupt or unreadable PDF"),
        (encrypted_pdf, "encrypted PDF"),
        (lambda p: (p.write_bytes(b""), p)[1], "the file is empty"),
        (blank_pdf, "no extractable text"),
    ],
    ids=["corrupt", "encrypted", "empty", "no-text"],
)
def test_bad_pdf_added_beside_good_documents(setup, tmp_path, make, words):
    docs, manifest, index = setup
    pdf = make(tmp_path / "bad-report.pdf")
    result = ingest(index, "--add", str(pdf), "--kind", "report", "--title", "Bad report")
    assert_one_clear_error(result, "bad-report.pdf", words)
    reader = IndexReader(index)
    assert {p.doc_id for p in reader.passages} == {d["id"] for d in SMALL_CORPUS}


def test_good_pdf_is_added_with_an_id_derived_from_the_file(setup, tmp_path):
    from pdf_fixtures import markdown_to_pdf

    docs, manifest, index = setup
    md = tmp_path / "note.md"
    md.write_text("# Annual report\n\nThe Coordination Group met twice in 2023.\n\nIt discussed brokering services.\n")
    pdf = markdown_to_pdf(md, tmp_path / "Annual Report 2023.pdf")
    result = ingest(index, "--add", str(pdf), "--kind", "report", "--title", "Annual report 2023")
    assert result.exit_code == 0, result.output
    reader = IndexReader(index)
    added = [p for p in reader.passages if p.doc_id == "user-annual-report-2023"]
    assert added and added[0].kind == "report" and added[0].page == 1
    assert any("met twice in 2023" in p.text for p in added)
    again = ingest(index)  # remembered for later runs
    assert again.exit_code == 0 and any(p.doc_id == "user-annual-report-2023" for p in IndexReader(index).passages)


@pytest.mark.parametrize(
    "content, words",
    [
        (b"# Regulation\n\n#### Article 1\n\nText \x00\x01\x02 binary \x00\x00 bytes\n", "binary content"),
        ("#### Article 1\n\nDécision prise à Bruxelles.\n".encode("latin-1"), "not valid UTF-8"),
        (b"# A note\n\nThis text has no articles at all, only prose about export controls.\n", "no Article headings"),
    ],
    ids=["binary-md", "non-utf8", "no-articles"],
)
def test_bad_text_replacing_a_manifest_document_keeps_the_previous_index(setup, content, words):
    docs, manifest, index = setup
    pointer = read_pointer(index)
    before = {p.id: p.text for p in IndexReader(index).passages}
    (docs / "32021R0139.md").write_bytes(content)
    result = ingest(index)
    assert_one_clear_error(result, "32021R0139.md", words)
    assert read_pointer(index) == pointer  # nothing else changed, so nothing was rewritten
    assert {p.id: p.text for p in IndexReader(index).passages} == before


def test_other_documents_still_ingest_when_one_fails(setup):
    docs, manifest, index = setup
    (docs / "32021R0139.md").write_bytes(b"\xff\xfe not utf-8 \xff")
    council = docs / "002_a7dfca56b2338f76.txt"
    council.write_text(council.read_text().replace("brief the WPDU periodically", "brief the WPDU every quarter"))
    result = ingest(index)
    assert_one_clear_error(result, "32021R0139.md", "not valid UTF-8")
    reader = IndexReader(index)
    assert any("every quarter" in p.text for p in reader.passages)  # the good change landed
    assert any(p.doc_id == "32021R0139" for p in reader.passages)  # the failed one kept its passages


def test_missing_file_names_the_document_and_where_to_get_it(setup):
    docs, manifest, index = setup
    (docs / "32020R0621.md").unlink()
    result = ingest(index)
    assert_one_clear_error(result, "32020R0621", "not found on the corpus path")
    assert "https://eur-lex.europa.eu/eli/reg_del/2020/621/oj" in error_lines(result)[0]


def test_checksum_mismatch_is_a_warning_recorded_with_the_index(setup, tmp_path, monkeypatch):
    docs, manifest, index = setup
    text = manifest.read_text().replace('name = "32021R0139.md"', 'name = "32021R0139.md"\n  sha256 = "' + "0" * 64 + '"')
    manifest.write_text(text)
    result = ingest(index)
    assert result.exit_code == 0
    assert "warning: 32021R0139" in result.stderr and "checksum" in result.stderr
    assert any("32021R0139" in w for w in read_pointer(index)["warnings"])


@pytest.mark.parametrize(
    "mutate, words",
    [
        (lambda t: t + '\n[[document]]\nid = "32020R0621"\ntitle = "again"\nkind = "report"\nurl = ""\n  [[document.file]]\n  name = "x.txt"\n', "duplicate id '32020R0621'"),
        (lambda t: t.replace('kind = "council_conclusions"\n', "", 1), "missing field(s) kind"),
        (lambda t: t.replace('kind = "council_conclusions"\n', 'kind = "council_conclusions"\nrelates_to = ["32099R0001"]\n', 1), "relates_to names unknown id(s) 32099R0001"),
    ],
    ids=["duplicate-id", "missing-field", "unknown-related-act"],
)
def test_bad_manifest_stops_before_anything_runs(setup, mutate, words):
    docs, manifest, index = setup
    pointer = read_pointer(index)
    manifest.write_text(mutate(manifest.read_text()))
    result = ingest(index)
    assert result.exit_code == 1
    lines = error_lines(result)
    assert len(lines) == 1 and str(manifest) in lines[0] and words in lines[0], result.stderr
    assert read_pointer(index) == pointer
