"""The store: idempotent re-ingest, per-document replacement, removal, crash safety, server mode."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import SMALL_CORPUS, write_manifest

from ingest.index import IndexReader, read_pointer
from ingest.pipeline import run_ingest

ROOT = Path(__file__).resolve().parent.parent
QUIET = {"log": lambda m: None}


@pytest.fixture
def small(tmp_path, corpus_path):
    """A copy of three small documents in their own folder, with their own manifest."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for d in SMALL_CORPUS:
        for name, _ in d["files"]:
            src = next(p / name for p in corpus_path if (p / name).exists())
            shutil.copy(src, docs / name)
    manifest = write_manifest(tmp_path / "manifest.toml", SMALL_CORPUS)
    return docs, manifest, tmp_path / "index"


def ingest(small, **kw):
    docs, manifest, index = small
    return run_ingest(index, search_path=[docs], manifest=manifest, **QUIET, **kw)


def ids_and_vectors(index: Path) -> dict[str, np.ndarray]:
    reader = IndexReader(index)
    return reader.embeddings([p.id for p in reader.passages])


def same_vectors(a: dict, b: dict) -> bool:
    return set(a) == set(b) and all(np.allclose(a[k], b[k], atol=1e-5) for k in a)


def test_reingest_unchanged_embeds_nothing_and_keeps_ids(small):
    first = ingest(small)
    assert first.ok and first.result.embedded == first.result.passages > 0
    before = ids_and_vectors(small[2])
    pointer = read_pointer(small[2])
    second = ingest(small)
    assert second.result.embedded == 0 and not second.result.changed
    assert read_pointer(small[2]) == pointer
    assert same_vectors(ids_and_vectors(small[2]), before)


def test_passages_are_embedded_longest_first_and_keep_their_own_vectors(small, monkeypatch):
    """Embedding in length order pads least; the vectors must still land on their own passages."""
    from ingest.embed import Embedder

    seen: list[str] = []
    real = Embedder.embed

    def recording(self, texts, *args, **kwargs):
        seen.extend(texts)
        return real(self, texts, *args, **kwargs)

    monkeypatch.setattr(Embedder, "embed", recording)
    assert ingest(small).ok
    monkeypatch.setattr(Embedder, "embed", real)
    lengths = [len(t) for t in seen]
    assert len(seen) > 50 and lengths == sorted(lengths, reverse=True)
    reader = IndexReader(small[2])
    sample = reader.passages[:: max(1, len(reader.passages) // 12)]
    stored = reader.embeddings([p.id for p in sample])
    alone = Embedder.shared().embed([p.embed_text for p in sample])
    for p, vec in zip(sample, alone, strict=True):
        assert float(np.dot(stored[p.id], vec)) > 0.999, p.id


def test_changed_document_details_repoint_the_index_without_embedding(small):
    docs, manifest, index = small
    ingest(small)
    manifest.write_text(manifest.read_text().replace('kind = "council_conclusions"', 'kind = "council_conclusions"\naliases = ["ECM"]'))
    result = ingest(small).result
    assert result.changed and result.embedded == 0
    assert read_pointer(index)["documents"]["ST-6303-2024-INIT"]["aliases"] == ["ECM"]


def test_changed_document_replaces_exactly_its_own_passages(small):
    docs, manifest, index = small
    ingest(small)
    before = ids_and_vectors(index)
    council = docs / "002_a7dfca56b2338f76.txt"
    council.write_text(council.read_text().replace("4. Invites the European Commission to brief", "4. Invites the European Commission to inform"))
    result = ingest(small).result
    after = ids_and_vectors(index)
    assert result.changed and result.embedded == 1
    changed = [pid for pid in after if pid in before and not np.allclose(after[pid], before[pid], atol=1e-5)]
    assert changed == ["ST-6303-2024-INIT/the-working-party-on-dual-goods/conclusion-4"]
    assert set(after) == set(before)
    reader = IndexReader(index)
    assert "to inform the WPDU" in reader.by_id[changed[0]].text


def test_document_removed_from_manifest_loses_its_passages(small, tmp_path):
    docs, manifest, index = small
    ingest(small)
    write_manifest(manifest, SMALL_CORPUS[:2])
    report = ingest(small)
    reader = IndexReader(index)
    assert report.result.removed > 0
    assert not [p for p in reader.passages if p.doc_id == "ST-6303-2024-INIT"]
    assert reader.collection.count() == len(reader.passages)
    hits = reader.dense(reader.embeddings([reader.passages[0].id])[reader.passages[0].id], 50)
    assert all(not pid.startswith("ST-6303") for pid, _ in hits)


def test_killed_during_embedding_leaves_previous_index_usable(tmp_path, corpus_path):
    """A real SIGKILL while the large dual-use regulation is being embedded."""
    small_docs = [d for d in SMALL_CORPUS if d["id"] != "ST-6303-2024-INIT"]
    big = {"id": "32021R0821", "title": "Regulation (EU) 2021/821", "short": "Regulation (EU) 2021/821",
           "kind": "regulation", "parser": "act", "url": "https://eur-lex.europa.eu/eli/reg/2021/821/oj",
           "files": [("32021R0821.md", "main")]}
    manifest = write_manifest(tmp_path / "manifest.toml", small_docs)
    index = tmp_path / "index"
    # the kill is aimed at the embedding: the big act's model adaptation (minutes) stays off here
    env = {**os.environ, "REGASSIST_MANIFEST": str(manifest), "REGASSIST_CORPUS_PATH": os.pathsep.join(map(str, corpus_path)),
           "REGASSIST_ADAPT": "0"}
    cmd = [sys.executable, "-m", "assistant.cli", "ingest", "--index", str(index)]
    subprocess.run(cmd, env=env, check=True, capture_output=True, cwd=ROOT)
    pointer = read_pointer(index)
    before = {p.id for p in IndexReader(index).passages}

    write_manifest(manifest, small_docs + [big])
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    seen = ""
    deadline = time.time() + 240
    while "embedding passages" not in seen and time.time() < deadline:
        chunk = proc.stderr.read(64)
        if not chunk:
            break
        seen += chunk
    assert "embedding passages" in seen, seen[-500:]
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert read_pointer(index) == pointer  # the previous generation is still the current one
    reader = IndexReader(index)
    assert {p.id for p in reader.passages} == before
    vec = reader.embeddings([reader.passages[0].id])[reader.passages[0].id]
    assert reader.dense(vec, 3)[0][0] == reader.passages[0].id

    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    after = IndexReader(index)
    assert any(p.doc_id == "32021R0821" for p in after.passages)
    assert before <= {p.id for p in after.passages}
    assert {p.name for p in index.glob("gen-*")} <= {f"gen-{pointer['generation'] + 1}", f"gen-{pointer['generation']}"}
    assert not list(index.glob("gen-*.tmp"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.skip("the chroma CLI is not installed in this environment")
    port = _free_port()
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    import urllib.request

    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma server did not start")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.server
def test_ingest_into_a_real_chroma_server(small, chroma_server):
    import chromadb

    report = ingest(small, chroma_url=chroma_server)
    assert report.ok and report.result.embedded > 0
    assert not (small[2] / "chroma").exists()  # nothing stored in an embedded Chroma
    host, port = chroma_server.rsplit(":", 1)
    client = chromadb.HttpClient(host="127.0.0.1", port=int(port))
    pointer = read_pointer(small[2])
    assert client.get_collection(pointer["collection"]).count() == report.result.passages
    reader = IndexReader(small[2])
    first = reader.passages[0]
    assert reader.dense(reader.embeddings([first.id])[first.id], 1)[0][0] == first.id
    again = ingest(small, chroma_url=chroma_server)
    assert again.result.embedded == 0


def test_an_index_built_by_older_ingest_code_is_rewritten_without_embedding(small):
    """Raising ingest.index.FORMAT (new keywords, fields) must reach existing indexes: the next
    ingest writes a new generation, reusing every vector."""
    from ingest.index import FORMAT, POINTER

    docs, manifest, index = small
    ingest(small)
    pointer = read_pointer(index)
    pointer["format"] = FORMAT - 1
    (index / POINTER).write_text(json.dumps(pointer))
    result = ingest(small).result
    assert result.changed and result.embedded == 0
    assert read_pointer(index)["format"] == FORMAT


def test_annex_titles_become_keywords_of_the_passages_naming_the_annex(passages):
    """Recital 10 of 2021/139 names 'Annex V Part 2' of 2019/125: Annex V's title (read from the
    Annex V passages' own heading path) joins its keywords, not its quoted text."""
    from ingest.cross_references import MARK, annex_titles, with_cross_references
    from ingest.manifest import load_manifest
    from ingest.settings import manifest_path

    annex_v = next(p for p in passages if p.doc_id == "32019R0125" and p.annex == "V")
    title = annex_v.context.split(" > ")[1].split(" – ", 1)[1]
    assert annex_titles(passages)[("32019R0125", "V")] == title
    recital = next(p for p in passages if p.doc_id == "32021R0139" and p.recital == "10")
    assert "Annex V" in recital.text and title in recital.keywords.split(MARK)[1]
    assert title not in recital.text
    assert all(title not in p.keywords for p in passages if p.doc_id == "32019R0125" and p.annex == "V")
    assert with_cross_references(passages, load_manifest(manifest_path())) == passages  # re-ingest changes nothing


def test_a_paragraph_named_by_number_lends_its_wording_to_the_keywords(passages):
    """Article 4(2) of 2021/821 names the catch-all uses only as 'the uses referred to in paragraph
    1': paragraph 1's wording (missiles, chemical weapons) joins 4(2)'s keywords, not its text; a
    paragraph of another article ('paragraph 2 of Article 9') lends nothing."""
    from ingest.cross_references import MARK, PARAGRAPH_REF

    aware = next(p for p in passages if p.id == "32021R0821/art4/2")
    assert "paragraph 1" in aware.text and "missiles" not in aware.text
    assert "missiles" in aware.keywords.split(MARK)[1]
    assert all("missiles" not in p.keywords for p in passages if p.doc_id == "32021R0821" and p.article == "3")
    assert PARAGRAPH_REF.search("referred to in paragraph 1 of this Article")
    assert not PARAGRAPH_REF.search("referred to in paragraph 2 of Article 9")
    assert [m.group(0) for m in PARAGRAPH_REF.finditer("paragraphs 1 and 2")] == ["paragraphs 1 and 2"]


def test_a_paragraph_of_another_article_whose_uses_a_passage_takes_over_lends_its_wording(passages):
    """Article 6(2) of 2021/821: the broker 'is aware that those items are intended ... for any
    of the uses referred to in Article 4(1)': 4(1)'s wording (missiles) joins 6(2)'s keywords;
    a reference to another act's article lends nothing."""
    from ingest.cross_references import ARTICLE_REF, MARK

    broker = next(p for p in passages if p.id == "32021R0821/art6/2")
    assert "Article 4(1)" in broker.text and "missiles" not in broker.text
    assert "missiles" in broker.keywords.split(MARK)[1]
    assert ARTICLE_REF.search("the uses referred to in Article 4(1) of this Regulation")
    assert not ARTICLE_REF.search("the items referred to in Article 4(1) of Regulation (EU) No 952/2013")


def test_a_short_form_its_document_defines_lends_its_long_form_to_the_keywords(passages):
    """Article 12(4) of 2021/821 writes only 'shall implement an ICP'; Article 2(21) defines
    '‘internal compliance programme’ or ‘ICP’': the long form joins 12(4)'s keywords, not its text.
    The Council note's 'ECM' (its coordination mechanism) lends nothing to Annex I, whose 'ECM'
    is electro-chemical machining."""
    from ingest.cross_references import MARK

    icp = next(p for p in passages if p.id.startswith("32021R0821/art12/4") and "ICP" in p.text)
    assert "ICP" in icp.text and "internal compliance programme" not in icp.text.lower()
    assert "internal compliance programme" in icp.keywords.split(MARK)[1]
    assert all("enforcement coordination mechanism" not in p.keywords.lower() for p in passages if p.doc_id == "32021R0821")
    assert any("enforcement coordination mechanism" in p.keywords.split(MARK)[-1] for p in passages if p.doc_id == "ST-6303-2024-INIT")


def test_an_abbreviation_is_defined_only_where_the_initials_of_the_words_spell_it():
    from ingest.abbreviations import defined, document_abbreviations, long_forms

    assert defined("(21) ‘internal compliance programme’ or ‘ICP’ means ongoing policies") == {"ICP": "internal compliance programme"}
    assert defined("the Dual-Use electronic system (DUeS), a secure system") == {"DUeS": "Dual-Use electronic system"}
    assert defined("a ‘CEP’ (Circular Error Probable or Circle of Equal Probability) of 10 km") == {"CEP": "Circular Error Probable"}
    assert defined("Regulation (EU) 2021/821 and the goods (CAS 75-44-5) under Annex (IV)") == {}
    assert defined("the exporter (ICP) shall") == {}
    # one document spelling a short form two ways: which one a passage means is not known
    assert document_abbreviations(["Electro-Chemical Machining (ECM)", "Enforcement Coordination Mechanism (ECM)"]) == {}
    known = {"ICP": "internal compliance programme"}
    assert long_forms("shall implement an ICP", known) == ["internal compliance programme"]
    assert long_forms("an internal compliance programme (ICP)", known) == []
    assert long_forms("mass spectrometers (ICPMS)", known) == long_forms("spectrometers (ICP/MS)", known) == []


def test_answering_commands_refresh_an_index_built_by_older_ingest_code(index_dir, tmp_path):
    """`regassist ask/serve` (via ensure_index) rewrite an index whose pointer carries an older
    FORMAT, once, reusing its vectors; a current index is left alone."""
    from assistant.cli import ensure_index
    from ingest.index import FORMAT, POINTER

    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    pointer = read_pointer(copy)
    pointer["format"] = FORMAT - 1
    (copy / POINTER).write_text(json.dumps(pointer))
    ensure_index(str(copy), None, None)
    refreshed = read_pointer(copy)
    assert refreshed["format"] == FORMAT and refreshed["generation"] == pointer["generation"] + 1
    ensure_index(str(copy), None, None)
    assert read_pointer(copy) == refreshed
