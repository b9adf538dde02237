"""PDF input: a real PDF rendered from the act gives the same article passages as the Markdown."""

from __future__ import annotations

import pytest
from pdf_fixtures import markdown_to_pdf

from ingest.load import load_file
from ingest.manifest import load_manifest, locate
from ingest.passage import fold
from ingest.structure.acts import parse_act


@pytest.fixture(scope="module")
def act(corpus_path):
    spec = next(s for s in load_manifest() if s.id == "32019R0125")
    md = next(f.path for f in locate(spec, corpus_path) if f.file.role == "main")
    return spec, md


def test_pdf_articles_match_markdown(act, tmp_path):
    spec, md = act
    pdf = markdown_to_pdf(md, tmp_path / "2019-125-ch1-3.pdf", stop_at="## CHAPTER IV")
    from_pdf, counts = parse_act(load_file(pdf), spec)
    from_md, _ = parse_act(load_file(md), spec)
    md_articles = {p.id: p for p in from_md if p.article and int(p.article) <= 15}
    pdf_articles = {p.id: p for p in from_pdf if p.article}
    assert counts["articles"] == 15

    def provisions(passages) -> dict[str, str]:
        """Citation -> the provision's whole text (split parts joined; splits may fall elsewhere)."""
        out: dict[str, str] = {}
        for p in sorted(passages, key=lambda p: p.order):
            out[p.citation] = (out.get(p.citation, "") + " " + p.text).strip()
        return {c: fold(t) for c, t in out.items()}

    md_text, pdf_text = provisions(md_articles.values()), provisions(pdf_articles.values())
    assert set(pdf_text) == set(md_text)
    for citation, text in md_text.items():
        assert pdf_text[citation] == text, citation
    assert all(p.page >= 1 for p in pdf_articles.values())  # page numbers are kept
    assert pdf_articles["32019R0125/art2/k"].term == "brokering services"
    assert {p.page for p in pdf_articles.values()} != {1}


def test_pdf_pages_are_recorded(act, tmp_path):
    spec, md = act
    pdf = markdown_to_pdf(md, tmp_path / "a.pdf", stop_at="## CHAPTER IV")
    source = load_file(pdf)
    assert source.format == "pdf"
    pages = {line.page for line in source.lines}
    assert min(pages) == 1 and max(pages) >= 3
    art14 = [p for p in parse_act(source, spec)[0] if p.article == "14"]
    assert art14 and all(p.page == max(pages) or p.page > 1 for p in art14)


def test_running_headers_and_page_numbers_are_dropped_from_a_paged_note(tmp_path):
    """PDF page furniture (a running header and a page number on every page) is not content."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    from ingest.manifest import DocFile, DocumentSpec
    from ingest.structure.notes import parse_note

    def furniture(canvas, doc):
        canvas.drawString(72, 800, "6303/24 GSC/ab LIMITE EN")
        canvas.drawString(300, 30, str(doc.page))

    styles = getSampleStyleSheet()
    subjects = ["risk profiles", "border controls", "item classification", "awareness raising"]
    flow = []
    for n, subject in enumerate(subjects, start=1):
        flow += [Paragraph(f"{n}. The Working Party invites the Member States to exchange information on {subject}.", styles["BodyText"])]
        flow += [Paragraph(f"Delegations discussed {subject} at length and agreed to return to it.", styles["BodyText"])]
        flow += [PageBreak()]
    pdf = tmp_path / "note.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build(flow, onFirstPage=furniture, onLaterPages=furniture)
    spec = DocumentSpec("note-x", "A note", "council_conclusions", "", (DocFile("note.pdf"),), short="Note X", parser="note")
    passages, _ = parse_note(load_file(pdf), spec)
    text = " ".join(p.text for p in passages)
    assert "LIMITE" not in text and "GSC/ab" not in text
    conclusions = [p for p in passages if "conclusion" in p.citation]
    assert [p.citation for p in conclusions] == [f"Note X, conclusion {n}" for n in range(1, 5)]
    assert [p.page for p in conclusions] == [1, 2, 3, 4]
    assert all(subject in text for subject in subjects)
