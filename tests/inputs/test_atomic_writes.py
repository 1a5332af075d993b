"""Issue 13, item 18: `interview --write`, `flatten -o` and `rules -o` replace a file
whole or not at all; a failed write leaves the old file and no temporary behind."""

from __future__ import annotations

from pathlib import Path

import yaml
from refusal import MUSSER, MUSSER_DOC, invoke, musser, run_limited, write_yaml

OPEN = {k: v for k, v in MUSSER_DOC["facts"].items() if k != "respondent_immune"}


def _only(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_item_18_interview_write_keeps_the_mode_and_adds_the_answer(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "m.yaml", musser(facts=OPEN))
    path.chmod(0o640)
    result = invoke("interview", path, "--write", input="no\nquit\n")
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load(path.read_text())["facts"]["respondent_immune"] is False
    assert path.stat().st_mode & 0o777 == 0o640
    assert _only(tmp_path) == ["m.yaml"]


def test_item_18_a_failed_interview_write_keeps_the_old_file(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "m.yaml", musser(facts=OPEN))
    before = path.read_text()
    done = run_limited(len(before) // 2, "interview", path, "--write", input="no\nquit\n")
    assert done.returncode == 1, done.stderr
    assert f"{path}: (file): cannot write it: File too large" in done.stderr
    assert "Traceback" not in done.stderr
    assert path.read_text() == before
    assert _only(tmp_path) == ["m.yaml"]


def test_item_18_a_failed_flatten_keeps_the_old_table(tmp_path: Path) -> None:
    folder = tmp_path / "matters"
    folder.mkdir()
    (folder / "m.yaml").write_text(MUSSER.read_text())
    out = tmp_path / "book.csv"
    out.write_text("old\n")
    done = run_limited(1000, "flatten", folder, "-o", out)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"{out}: (file): cannot write it: File too large"), done.stderr
    assert out.read_text() == "old\n"
    assert _only(tmp_path) == ["book.csv", "matters"]


def test_item_18_rules_output_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "rules.md"
    out.write_text("old\n")
    assert invoke("rules", "-f", "markdown", "-o", out).exit_code == 0
    assert out.read_text().startswith("#")
    assert _only(tmp_path) == ["rules.md"]
