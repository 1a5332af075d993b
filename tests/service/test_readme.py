"""The README's curl example, run as written against `apportion serve` (on a free port
in place of 8000, which another program may hold), and the start-up line."""

from __future__ import annotations

import json
import re
import subprocess

import liveserver
from conftest import ROOT


def readme_block() -> str:
    text = (ROOT / "README.md").read_text()
    section = text.split("## The service", 1)[1]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]


def test_readme_curl_example_works_as_written(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    work = tmp_path / "work"
    work.mkdir()
    (work / "examples").symlink_to(ROOT / "examples")
    with liveserver.serve(data) as (url, process):
        port = url.rsplit(":", 1)[1]
        script = readme_block().replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        assert script.count(f"127.0.0.1:{port}") == 2
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=work,
            env=liveserver.env(data),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        first, _, rest = done.stdout.partition("\n")
        assert first == "201"
        record = json.loads(rest)
        assert record["matter"].startswith("Musser v. Provencher")
        assert record["decision"]["claims"][0]["status"] == "available"
        assert json.loads((work / "musser.json").read_text()) == record
        process.terminate()
        started = process.stdout.read().decode()  # type: ignore[union-attr]
    assert f"archive: sqlite:///{(data / 'archive.sqlite3').resolve()}" in started
