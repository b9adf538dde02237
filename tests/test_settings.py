"""Process-wide switches the packages set when first imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _blas_threads(env_value: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if env_value is not None:
        env["OPENBLAS_NUM_THREADS"] = env_value
    code = "import assistant, os, numpy; print(os.environ.get('OPENBLAS_NUM_THREADS'))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_numpy_uses_one_blas_thread_unless_the_user_says_otherwise():
    # OpenBLAS threads spinning after the goods check's products took the cores from the model's
    # threads: a new answer took twice as long on a 2-core machine
    assert _blas_threads(None) == "1"
    assert _blas_threads("2") == "2"
