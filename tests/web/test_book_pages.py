"""Books in the browser, over a local app: upload, progress, the summary with its tables
(by status, by rule, by owner, by insurer), filtered rows, a row as a matter, privacy."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
import yaml
from conftest import ROOT
from fastapi import FastAPI
from fastapi.testclient import TestClient

from apportion.decide.decision import decide
from apportion.io.load import parse_matter
from apportion.service.books import Worker

Client = tuple[TestClient, str]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("book") / "claims.parquet"
    subprocess.run(
        [sys.executable, "-m", "bench.generate", "400", "-o", str(path), "--seed", "3"],
        cwd=ROOT,
        check=True,
    )
    return path


def submit(client: TestClient, csrf: str, name: str, body: bytes) -> str:
    sent = client.post(
        "/books",
        data={"csrf_token": csrf},
        files={"file": (name, body, "application/octet-stream")},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    return str(sent.headers["location"])


def run_jobs(app: FastAPI) -> None:
    assert Worker(app.state.settings, app.state.sessions).run_pending() >= 1


def test_a_book_runs_to_its_summary_and_rows(app: FastAPI, ann: Client, book: Path) -> None:
    client, csrf = ann
    where = submit(client, csrf, "claims.parquet", book.read_bytes())
    waiting = client.get(where)
    assert "Waiting to start" in waiting.text and 'http-equiv="refresh"' in waiting.text
    run_jobs(app)
    done = client.get(where)
    assert done.status_code == 200 and 'http-equiv="refresh"' not in done.text
    summary = client.get(f"{where}/download/summary").json()
    assert summary["rows"] == 400
    for status, count in summary["by_status"].items():
        assert re.search(
            rf'\?status={status}">{status}</a></td><td class="num">{count:,}<', done.text
        )
    results = pl.read_parquet(client.get(f"{where}/download/results").content)
    # The insurer table: each insurer's least, summed from the results by hand.
    primary = results.filter(pl.col("primary_insurer").is_not_null())
    top = (
        primary.group_by("primary_insurer")
        .agg(pl.col("primary_recovers_low_cents").sum())
        .sort("primary_recovers_low_cents", descending=True)
        .row(0)
    )
    dollars = f"${top[1] // 100:,}.{top[1] % 100:02d}"
    assert re.search(
        rf">{re.escape(top[0])}</a></td><td>primary</td>.*?{re.escape(dollars)}", done.text
    )
    assert 'data-chart="chart-insurers"' in done.text and "chart.umd.js" in done.text

    shown = client.get(where, params={"status": "available"}).text
    listed = re.findall(r'<tr class="status-(\w+)">', shown)
    available = results.filter(pl.col("status") == "available").height
    assert listed and set(listed) == {"available"}
    assert f"{available:,} matching rows" in shown

    # A row as a matter: the decision of the row's matter is the batch's answer.
    first = results.filter(pl.col("status") == "available").row(0, named=True)
    row_page = client.get(f"{where}/rows/{first['row']}")
    assert row_page.status_code == 200
    assert 'data-status="available"' in row_page.text
    matter = client.get(f"{where}/rows/{first['row']}/matter.yaml")
    decision = decide(parse_matter(yaml.safe_load(matter.text), "row"))
    assert decision.claims[0].status == "available"
    assert decision.claims[0].decided_by is not None
    assert decision.claims[0].decided_by.id == first["decided_by"]
    opened = client.post(
        f"{where}/rows/{first['row']}/open", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert opened.status_code == 303 and opened.headers["location"].startswith("/matters/")
    assert 'data-status="available"' in client.get(opened.headers["location"]).text
    assert client.get(f"{where}/rows/100000").status_code == 404


def test_a_rejected_row_shows_its_reasons(app: FastAPI, ann: Client, book: Path) -> None:
    client, csrf = ann
    frame = pl.read_parquet(book).head(5)
    text = frame.write_csv()
    lines = text.splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("paid_by_claimant_cents")] = "12.5"
    lines[2] = ",".join(cells)
    where = submit(client, csrf, "five.csv", ("\n".join(lines) + "\n").encode())
    run_jobs(app)
    assert "4 assessed, 1 rejected" in client.get(where).text
    rejected = client.get(f"{where}/rows/2")
    assert "This row was rejected" in rejected.text and "paid_by_claimant_cents" in rejected.text
    assert client.get(f"{where}/rows/2/matter.yaml").status_code == 404


def test_a_bad_upload_is_refused_by_name(ann: Client) -> None:
    client, csrf = ann
    wrong = client.post(
        "/books", data={"csrf_token": csrf}, files={"file": ("claims.xlsx", b"PK..")}
    )
    assert wrong.status_code == 422 and "use a .parquet, .csv or .jsonl portfolio" in wrong.text
    forged = client.post("/books", files={"file": ("claims.csv", b"a\n1\n")})
    assert forged.status_code == 403
    assert "No books yet" in client.get("/books").text


def test_another_organisation_sees_no_book(
    app: FastAPI, ann: Client, otto: Client, book: Path
) -> None:
    client, csrf = ann
    where = submit(client, csrf, "claims.parquet", book.read_bytes())
    run_jobs(app)
    other, other_csrf = otto
    for path in (
        where,
        f"{where}/rows/1",
        f"{where}/download/results",
        f"{where}/rows/1/matter.yaml",
    ):
        assert other.get(path).status_code == 404
    assert other.post(f"{where}/rows/1/open", data={"csrf_token": other_csrf}).status_code == 404
    assert "claims.parquet" not in other.get("/books").text


def test_a_browser_gets_an_error_page_and_the_api_a_problem_document(otto: Client) -> None:
    client, _ = otto
    page = client.get("/books/no-such-book", headers={"accept": "text/html"})
    assert page.status_code == 404 and "<h1>Not found</h1>" in page.text
    assert "No such book." in page.text
    api = client.get("/v1/books/no-such-book", headers={"accept": "text/html"})
    assert api.status_code in (401, 404)
    assert api.headers["content-type"].startswith("application/problem+json")
    signed_out = TestClient(client.app).get(
        "/books", headers={"accept": "text/html"}, follow_redirects=False
    )
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/signin"
