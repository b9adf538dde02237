"""The Passage: the unit of retrieval and of citation, shared by ingest, assistant, UI and evals."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

#: Authority order for ranking ties and labels (lower is stronger).
AUTHORITY = {
    "regulation": 0,
    "delegated_regulation": 1,
    "council_conclusions": 2,
    "report": 3,
    "commentary": 4,
    "press_release": 5,
}

# the section of the points of an amending act's annex ("(3)(c) after the entry 'Liechtenstein',
# the entry 'Madagascar' is inserted"): instructions changing another act's text
AMENDMENTS = "Amendments"

KIND_LABELS = {
    "regulation": "binding regulation",
    "delegated_regulation": "delegated act",
    "council_conclusions": "Council conclusions",
    "report": "Commission report",
    "commentary": "commentary",
    "press_release": "press release",
}


@dataclass(frozen=True)
class Passage:
    """One citable piece of a document with its place in it.

    ``text`` is the document's own wording (Markdown syntax removed, nothing paraphrased),
    so that an extractive answer can quote it and a gold quote can be found in it.
    ``context`` is the heading path embedded with the text so a paragraph that says
    "the group" is still found for "Anti-Torture Coordination Group".
    """

    id: str
    doc_id: str
    kind: str
    citation: str
    url: str
    context: str
    text: str
    order: int = 0
    chapter: str = ""
    article: str = ""
    paragraph: str = ""
    point: str = ""
    annex: str = ""
    item: str = ""
    recital: str = ""
    section: str = ""
    term: str = ""
    title: str = ""
    page: int = 0
    part: int = 0
    cn_codes: tuple[str, ...] = ()
    cas: tuple[str, ...] = ()
    footnotes: tuple[str, ...] = ()
    keywords: str = ""
    version: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def embed_text(self) -> str:
        """What the dense model sees: heading context, then the text itself."""
        return f"{self.context}\n{self.text}"

    @property
    def search_text(self) -> str:
        """What the keyword index sees: also compact code forms (85437090, 1C450) and the term."""
        return " ".join(x for x in (self.context, self.text, self.keywords) if x)

    @property
    def content_hash(self) -> str:
        """Changes whenever anything stored for this passage changes (drives re-embedding)."""
        payload = json.dumps(self.to_record(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]

    @property
    def authority(self) -> int:
        return AUTHORITY.get(self.kind, len(AUTHORITY))

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def to_record(self) -> dict:
        record = asdict(self)
        for key in ("cn_codes", "cas", "footnotes"):
            record[key] = list(record[key])
        return record

    @classmethod
    def from_record(cls, record: dict) -> Passage:
        data = dict(record)
        for key in ("cn_codes", "cas", "footnotes"):
            data[key] = tuple(data.get(key) or ())
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    def chroma_metadata(self) -> dict:
        """Scalar-only metadata for Chroma filters (Chroma rejects lists and None)."""
        return {
            "doc_id": self.doc_id,
            "kind": self.kind,
            "citation": self.citation,
            "article": self.article,
            "annex": self.annex,
            "item": self.item,
            "hash": self.content_hash,
        }


_SLUG = re.compile(r"[^a-z0-9.]+")


def slug(text: str, limit: int = 40) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:limit].strip("-") or "x"


def fold(text: str) -> str:
    """The relevance rule's folding: whitespace runs to one space, no ``*``, lower case."""
    return re.sub(r"\s+", " ", text.replace("*", "")).strip().lower()
