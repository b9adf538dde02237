"""The corpus-adapted embedding model: trained from the passages alone, kept by key, used to rank
while the packaged model's similarities keep the scale abstention is calibrated on."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ingest import adapt
from ingest.embed import Embedder
from ingest.index import ADAPTED_DIR, IndexReader, read_pointer


def _rank_of_own_passage(embedder: Embedder, pairs: list[tuple[str, str]]) -> float:
    """Mean rank of each sentence's own passage among all the pairs' passages (1 = first)."""
    q = embedder.embed([s for s, _ in pairs])
    c = embedder.embed([p for _, p in pairs])
    sims = q @ c.T
    return float(np.mean([1 + int((row > row[i]).sum()) for i, row in enumerate(sims)]))


def test_training_pairs_are_fixed_and_leave_the_sentence_out(passages):
    pairs = adapt.training_pairs(passages[:300])
    assert pairs == adapt.training_pairs(passages[:300])  # same corpus, same pairs, same model
    assert all(len(s.split()) >= adapt.MIN_WORDS for s, _ in pairs)
    cut = sum(s not in c for s, c in pairs) / len(pairs)
    assert 0.6 < cut < 1.0  # mostly cut out of its passage, sometimes left in


def test_the_key_changes_with_the_text_and_the_recipe(passages, monkeypatch):
    key = adapt.model_key(passages[:50])
    assert key == adapt.model_key(list(reversed(passages[:50])))  # order of reading does not matter
    assert key != adapt.model_key(passages[:49])
    monkeypatch.setattr(adapt, "LEARNING_RATE", 1e-4)
    assert key != adapt.model_key(passages[:50])


def test_adapting_brings_each_sentence_closer_to_its_own_passage(passages, tmp_path, monkeypatch):
    """A short run on 400 passages of the corpus: the adapted model ranks a sentence's own passage
    higher than the packaged model does. With a learning rate of zero nothing is learnt and the
    ranks stay as they were (the counterfactual)."""
    sample = [p for p in passages if p.doc_id == "32021R0821"][:400]
    pairs = adapt.training_pairs(sample)[:256]
    monkeypatch.setattr(adapt, "training_pairs", lambda _: pairs)
    before = _rank_of_own_passage(Embedder(), pairs)

    out = adapt.adapt(sample, tmp_path / "m")
    assert (out / "config.json").exists() and not (tmp_path / "m.tmp").exists()
    after = _rank_of_own_passage(Embedder(out), pairs)
    assert after < before * 0.9, (before, after)

    monkeypatch.setattr(adapt, "LEARNING_RATE", 0.0)
    still = _rank_of_own_passage(Embedder(adapt.adapt(sample, tmp_path / "still")), pairs)
    assert still == pytest.approx(before, rel=0.02)


def test_an_existing_model_is_kept_not_trained_again(passages, tmp_path, monkeypatch):
    out = tmp_path / "m"
    out.mkdir()
    (out / "config.json").write_text("{}")
    monkeypatch.setattr(adapt, "training_pairs", lambda _: pytest.fail("trained again"))
    assert adapt.adapt(passages[:10], out) == out


@pytest.fixture(scope="module")
def adapted_index(tmp_path_factory, corpus_path):
    """The small corpus indexed with adaptation on: the size floor lowered and a few steps of
    training (the recipe's full run on the corpus takes minutes; bench/dense_bench.py measures it)."""
    import shutil

    from conftest import SMALL_CORPUS, write_manifest

    from ingest.pipeline import run_ingest

    mp = pytest.MonkeyPatch()
    tmp = tmp_path_factory.mktemp("adapted")
    docs = tmp / "docs"
    docs.mkdir()
    for d in SMALL_CORPUS:
        for name, _ in d["files"]:
            shutil.copy(next(p / name for p in corpus_path if (p / name).exists()), docs / name)
    mp.setenv(adapt.ADAPT_ENV, "1")
    mp.setattr(adapt, "MIN_PASSAGES", 10)
    real_pairs = adapt.training_pairs
    mp.setattr(adapt, "training_pairs", lambda ps: real_pairs(ps)[: 2 * adapt.BATCH])
    report = run_ingest(tmp / "index", search_path=[docs], manifest=write_manifest(tmp / "m.toml", SMALL_CORPUS), log=lambda m: None)
    mp.undo()
    assert report.ok, report.errors
    return tmp / "index"


def test_an_adapted_index_ranks_with_the_adapted_model_and_measures_with_the_packaged_one(adapted_index):
    from assistant.service import Assistant

    pointer = read_pointer(adapted_index)
    assert pointer["adapted"]["model"] and (adapted_index / ADAPTED_DIR / pointer["adapted"]["model"] / "config.json").exists()
    retriever = Assistant(adapted_index).retriever
    assert retriever.ranker is not None and retriever.ranker.path.endswith(pointer["adapted"]["model"])

    question = "Why is the United Kingdom on the list of destinations after its withdrawal?"
    hits = retriever.search(question, k=5).hits
    packaged = Embedder.shared().embed_query(question)
    vectors = retriever.reader.embeddings([h.passage.id for h in hits])
    for h in hits:  # the similarity shown and used for abstention is the packaged model's
        assert h.dense == pytest.approx(float(vectors[h.passage.id] @ packaged), abs=1e-4)
    adapted = retriever.reader.dense(retriever.ranker.embed_query(question), 10, adapted=True)
    by_packaged = dict(retriever.reader.dense(packaged, 50))
    # the adapted collection holds the adapted model's vectors, not copies of the packaged ones
    assert any(abs(sim - by_packaged.get(pid, -1.0)) > 1e-3 for pid, sim in adapted)


def test_the_packaged_model_alone_by_default(index_dir, assistant):
    assert "adapted" not in read_pointer(index_dir)
    assert assistant.retriever.ranker is None


def test_small_corpora_and_the_setting_decide_adaptation(passages, monkeypatch):
    monkeypatch.delenv(adapt.ADAPT_ENV, raising=False)
    assert not adapt.enabled(passages)  # opt-in
    monkeypatch.setenv(adapt.ADAPT_ENV, "1")
    assert adapt.enabled(passages)
    assert not adapt.enabled(passages[: adapt.MIN_PASSAGES - 1])


def test_an_index_without_its_adapted_model_asks_for_a_new_ingest(adapted_index, tmp_path):
    """The pointer names a model folder that is gone: one clear error, not a silent packaged ranking."""
    import shutil

    copy = tmp_path / "index"
    shutil.copytree(adapted_index, copy, ignore=shutil.ignore_patterns(ADAPTED_DIR))
    assert json.loads((copy / "current.json").read_text()).get("adapted")
    with pytest.raises(Exception, match="adapted model"):
        IndexReader(copy)
