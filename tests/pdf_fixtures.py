"""Render EUR-Lex Markdown to a real PDF with reportlab, the way a PDF of the act reads."""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape


def markdown_to_pdf(md: Path, pdf: Path, stop_at: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading3"]
    text = md.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text[text.index("\n---\n", 4) + 5 :]
    flow = []
    for line in text.splitlines():
        if stop_at and line.startswith(stop_at):
            break
        raw = line.rstrip()
        if not raw.strip() or re.match(r"^\[\^[^\]]+\]:", raw.strip()):
            continue
        is_heading = raw.lstrip().startswith("#")
        clean = re.sub(r"^\s*#+\s*", "", raw)
        indent = len(clean) - len(clean.lstrip(" "))
        clean = re.sub(r"^\s*-\s+", "", clean)
        clean = re.sub(r"\s*\(?\[\^[^\]]+\]\)?", "", clean).replace("**", "").replace("*", "")
        style = heading if is_heading else body
        para = Paragraph(escape(clean.strip()), style)
        if indent:
            para.style = para.style.clone("indented", leftIndent=18)
        flow += [para, Spacer(1, 4)]
    SimpleDocTemplate(str(pdf), pagesize=A4).build(flow)
    return pdf
