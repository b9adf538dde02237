"""The embedding model's number format: bfloat16 batches only where the CPU makes them fast, and
vectors that rank passages as float32 ones do."""

from __future__ import annotations

import numpy as np
import pytest

from ingest.embed import Embedder, bf16_is_fast

TEXTS = [
    "Who chairs the Anti-Torture Coordination Group?",
    "Any export of goods listed in Annex II shall be prohibited, irrespective of the origin of such goods.",
    "The competent authority shall take a decision on an application for authorisation within a period "
    "to be determined by national law or practice, and the Commission shall be informed.",
    "Spit hoods",
]


@pytest.mark.parametrize(
    ("env", "expected"),
    [({"REGASSIST_BF16": "0"}, False), ({"REGASSIST_BF16": "1"}, True), ({"ONEDNN_MAX_CPU_ISA": "AVX2"}, False)],
)
def test_the_number_format_follows_the_setting_and_a_held_back_onednn(monkeypatch, env, expected):
    monkeypatch.delenv("REGASSIST_BF16", raising=False)
    monkeypatch.delenv("ONEDNN_MAX_CPU_ISA", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert bf16_is_fast() is expected


def _vectors(bf16: bool) -> tuple[np.ndarray, np.ndarray]:
    embedder = Embedder()
    embedder._bf16 = bf16
    return embedder.embed(TEXTS), embedder.embed([TEXTS[0]])


def test_bfloat16_batches_give_the_float32_vectors_and_a_single_query_stays_float32():
    full, single = _vectors(bf16=False)
    half, single_half = _vectors(bf16=True)
    assert half.dtype == np.float32 and half.shape == full.shape
    cosines = (full * half).sum(axis=1)
    assert cosines.min() > 0.9999, cosines
    assert not np.array_equal(full, half)  # the batch really ran in bfloat16
    np.testing.assert_array_equal(single, single_half)  # one query: float32 either way
    # the same nearest text for each text, whichever format embedded the batch
    assert ((half @ full.T).argmax(axis=1) == np.arange(len(TEXTS))).all()
