"""Book jobs: uploaded, run by the worker through the CLI's batch, downloadable; size
limit; a job cut off by a crash runs again or fails with the reason."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from conftest import ROOT, Service
from fastapi.testclient import TestClient

from apportion.service.app import create_app
from apportion.service.books import MAX_ATTEMPTS, Worker, recover
from apportion.service.db import BookJob
from apportion.service.settings import Settings


def generate(rows: int, path: Path, seed: int = 11) -> Path:
    subprocess.run(
        [sys.executable, "-m", "bench.generate", str(rows), "-o", str(path), "--seed", str(seed)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(500, tmp_path_factory.mktemp("book") / "book.csv")


def worker(service: Service) -> Worker:
    app = service.client.app
    return Worker(service.settings, app.state.sessions)  # type: ignore[attr-defined]


def submit(service: Service, path: Path, org: str = "acme", **params: str) -> dict[str, object]:
    done = service.client.post(
        "/v1/books",
        content=path.read_bytes(),
        headers={**service.headers(org), "Content-Type": "text/csv"},
        params={"filename": path.name, **params},
    )
    assert done.status_code == 202, done.text
    return done.json()  # type: ignore[no-any-return]


def test_a_book_runs_as_apportion_batch_does(service: Service, book: Path, tmp_path: Path) -> None:
    job = submit(service, book)
    assert job["state"] == "queued" and job["downloads"] == {}
    h = service.headers()
    early = service.client.get(f"/v1/books/{job['id']}/results", headers=h)
    assert early.status_code == 409
    assert worker(service).run_pending() == 1
    status = service.client.get(f"/v1/books/{job['id']}", headers=h).json()
    assert status["state"] == "done", status
    assert status["progress"] == {"rows_done": 500, "rows_total": 500}
    assert status["attempts"] == 1
    cli = subprocess.run(
        [sys.executable, "-m", "apportion", "batch", str(book), "-o", str(tmp_path / "cli.parquet"),
         "--summary-json", str(tmp_path / "cli.json"), "--no-progress"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert cli.returncode == 0, cli.stderr
    assert status["summary"] == json.loads((tmp_path / "cli.json").read_text())
    results = service.client.get(status["downloads"]["results"], headers=h)
    assert results.status_code == 200
    assert results.headers["content-type"] == "application/vnd.apache.parquet"
    (tmp_path / "got.parquet").write_bytes(results.content)
    got = pl.read_parquet(tmp_path / "got.parquet").sort("row")
    assert got.equals(pl.read_parquet(tmp_path / "cli.parquet").sort("row"))
    errors = service.client.get(status["downloads"]["errors"], headers=h)
    assert errors.status_code == 200
    assert errors.text == (tmp_path / "cli.errors.csv").read_text()
    summary = service.client.get(status["downloads"]["summary"], headers=h)
    assert summary.json() == status["summary"]
    chart = service.client.get(status["downloads"]["chart"], headers=h)
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.text.lstrip().startswith("<svg") or "<svg" in chart.text[:200]
    listed = service.client.get("/v1/books", headers=h).json()["items"]
    assert [j["id"] for j in listed] == [job["id"]]


def test_a_bad_book_fails_with_the_cli_reason(sqlite_service: Service, tmp_path: Path) -> None:
    service = sqlite_service
    bad = tmp_path / "bad.csv"
    bad.write_text("matter_id,claimant,respondent,paid_by_primary\nm,a,b,100\n")
    job = submit(service, bad)
    worker(service).run_pending()
    status = service.client.get(f"/v1/books/{job['id']}", headers=service.headers()).json()
    assert status["state"] == "failed"
    assert status["error"].startswith("bad.csv: ")
    assert "paid_by_primary_cents" in status["error"]
    assert str(service.settings.data_dir) not in status["error"]
    cli = subprocess.run(
        [sys.executable, "-m", "apportion", "batch", str(bad), "-o", str(tmp_path / "o.parquet")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert cli.returncode == 2
    assert status["error"] == cli.stderr.strip().replace(str(bad), "bad.csv")
    again = service.client.post(f"/v1/books/{job['id']}/resubmit", headers=service.headers())
    assert again.status_code == 202 and again.json()["state"] == "queued"
    done = service.client.post(f"/v1/books/{job['id']}/resubmit", headers=service.headers())
    assert done.status_code == 409


def test_upload_limit_and_format(tmp_path: Path, book: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'a.sqlite3'}",
        max_upload_bytes=1000,
        run_worker=False,
    )
    with TestClient(create_app(settings)) as client:
        with client.app.state.sessions() as session:  # type: ignore[attr-defined]
            from apportion.service.auth import create_key

            _row, key = create_key(session, "acme")
        h = {"Authorization": f"Bearer {key}"}
        big = client.post("/v1/books", content=book.read_bytes(), headers=h,
                          params={"filename": "book.csv"})  # fmt: skip
        assert big.status_code == 413, big.text
        assert big.headers["content-type"] == "application/problem+json"
        assert not any(settings.books_dir.glob("*/*")) if settings.books_dir.exists() else True
        unnamed = client.post("/v1/books", content=b"x", headers=h)
        assert unnamed.status_code == 422
        assert unnamed.json()["errors"][0]["field"] == "format"
        assert client.get("/v1/books", headers=h).json()["items"] == []


def test_a_job_cut_off_runs_again_then_fails_with_the_reason(service: Service, book: Path) -> None:
    job = submit(service, book)
    sessions = service.client.app.state.sessions  # type: ignore[attr-defined]
    for attempt in range(1, MAX_ATTEMPTS + 1):
        with sessions() as session:  # as a crash leaves it: running, attempts made
            row = session.get(BookJob, job["id"])
            row.state, row.attempts = "running", attempt
            session.commit()
        recover(sessions, service.settings)
        status = service.client.get(f"/v1/books/{job['id']}", headers=service.headers()).json()
        if attempt < MAX_ATTEMPTS:
            assert status["state"] == "queued" and "resumed" in status["error"]
        else:
            assert status["state"] == "failed"
            assert f"stopped {MAX_ATTEMPTS} times" in status["error"]
    again = service.client.post(f"/v1/books/{job['id']}/resubmit", headers=service.headers())
    assert again.status_code == 202
    worker(service).run_pending()
    status = service.client.get(f"/v1/books/{job['id']}", headers=service.headers()).json()
    assert status["state"] == "done" and status["error"] is None
