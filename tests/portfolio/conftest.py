"""A small synthetic portfolio, made once by the benchmark's seeded generator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def generate(rows: int, path: Path, seed: int = 11) -> Path:
    subprocess.run(
        [sys.executable, "-m", "bench.generate", str(rows), "-o", str(path), "--seed", str(seed)],
        cwd=ROOT,
        check=True,
    )
    return path


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(3000, tmp_path_factory.mktemp("book") / "book.parquet")
