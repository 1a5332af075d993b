"""Running the CLI in-process (cheap) and checking a clean refusal."""

from __future__ import annotations

import copy
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner, Result

from apportion.cli import app

ROOT = Path(__file__).resolve().parents[2]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"
MUSSER_DOC: dict[str, Any] = yaml.safe_load(MUSSER.read_text())
REFUSAL = re.compile(r"^(?P<source>[^\n]+?): (?P<path>[^\s:][^:\n]*): (?P<reason>[^\n]+)$")

_RUNNER = CliRunner()


def invoke(*args: object, input: str | None = None) -> Result:
    return _RUNNER.invoke(app, [str(a) for a in args], input=input)


def musser(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(MUSSER_DOC)
    doc.update(changes)
    return doc


def write_yaml(path: Path, doc: Any) -> Path:
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def refused(result: Result, source: object, path: str, *words: str, code: int = 2) -> None:
    """Exit ``code``, nothing on stdout, every stderr line ``source: path: reason``, one
    of them for ``path`` with ``words`` in its reason, and no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines, "no message"
    for line in lines:
        assert REFUSAL.match(line), line
    hits = [line for line in lines if line.startswith(f"{source}: {path}: ")]
    assert hits, (path, lines)
    assert any(all(w in line for w in words) for line in hits), (words, hits)


def run_limited(
    max_bytes: int, *args: object, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The CLI in a process that cannot write a file larger than ``max_bytes``: a full
    disk, as the writer sees it."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return subprocess.run(
        [sys.executable, "-m", "apportion", *(str(a) for a in args)],
        preexec_fn=limit,
        input=input,
        capture_output=True,
        text=True,
        check=False,
    )
