"""docs/rulebook.md is the rulebook as `apportion rules -f markdown` writes it today."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from apportion.cli import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "rulebook.md"


def test_docs_rulebook_is_current() -> None:
    done = CliRunner().invoke(app, ["rules", "-f", "markdown"])
    assert done.exit_code == 0, done.output
    assert done.stdout == DOC.read_text(encoding="utf-8"), (
        "docs/rulebook.md is stale: run `apportion rules -f markdown -o docs/rulebook.md`"
    )
