"""The web app in a real browser: Debian's Chromium driven by Playwright (``make test``
installs it; never a browser Playwright downloads). Few tests, one server and one browser
for all. Screenshots of each page go to ``test-artifacts/web/``."""

from __future__ import annotations

import copy
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
import yaml
from conftest import MUSSER, PASSWORD, ROOT, make_app
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect, sync_playwright

from apportion.service.books import Worker

SHOTS = ROOT / "test-artifacts" / "web"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The facts the Supreme Court took as found (the example's facts:), for the interview.
RECORD: dict[str, Any] = yaml.safe_load(MUSSER.read_text())["facts"]


APPS: dict[str, FastAPI] = {}
"""Each running server's app, by its address (a test runs its book jobs)."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = make_app(tmp_path_factory.mktemp("web"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    address = f"http://127.0.0.1:{port}"
    APPS[address] = app
    yield address
    running.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "no chromium: `make chromium` installs Debian's"
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        found = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield found
        found.close()


def signed_in(browser: Browser, server: str, email: str) -> Page:
    page = browser.new_context(base_url=server, viewport={"width": 1200, "height": 900}).new_page()
    page.goto("/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Matters of")
    return page


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def upload(page: Page, tmp_path: Path, name: str, document: dict[str, Any]) -> None:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    page.goto("/matters/new")
    page.locator("#file").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()


def test_an_interview_on_musser_reaches_the_supreme_courts_answer(
    browser: Browser, server: str, tmp_path: Path
) -> None:
    page = signed_in(browser, server, "ann@acme.test")
    page.goto("/signout")  # a GET: no such page; sign-out is a form post
    page.goto("/signin")
    shot(page, "01-signin")
    page = signed_in(browser, server, "ann@acme.test")
    document = yaml.safe_load(MUSSER.read_text())
    document["facts"] = {}
    upload(page, tmp_path, "musser-bare.yaml", document)
    asked: list[str] = []
    for step in range(25):
        if page.get_by_role("heading", name="Nothing more to ask").count():
            break
        fact = page.locator('input[name="fact"]').input_value()
        asked.append(fact)
        if step == 0:
            page.get_by_text("Why is this asked?").click()
            shot(page, "02-interview-why")
        if fact in RECORD and isinstance(RECORD[fact], bool):
            page.get_by_label("Yes" if RECORD[fact] else "No", exact=True).check()
            page.get_by_role("button", name="Answer").click()
        else:
            page.get_by_role("button", name="I don't know").click()
    shot(page, "03-interview-done")
    assert asked[0] == "respondent_caused_same_injury"
    assert "respondent_immune" in asked
    page.get_by_role("link", name="See the decision").click()
    claim = page.locator("article.card").first
    expect(claim).to_have_attribute("data-status", "available")
    expect(claim).to_contain_text("Sandra Musser v. Douglas Provencher")
    shot(page, "04-decision")
    with page.expect_download() as memo:
        page.get_by_role("link", name="the memo (DOCX)").click()
    assert memo.value.suggested_filename.endswith(".docx")


def test_a_whatif_toggle_changes_the_status_in_place(
    browser: Browser, server: str, tmp_path: Path
) -> None:
    page = signed_in(browser, server, "ann@acme.test")
    upload(page, tmp_path, "musser.yaml", yaml.safe_load(MUSSER.read_text()))
    page.goto(page.url.removesuffix("/interview"))
    region = page.locator("#decision")
    expect(region.locator("article.card").first).to_have_attribute("data-status", "available")
    toggle = page.get_by_label("the respondent settled in good faith with the client")

    def click(control: Any, value: str) -> float:
        before = region.get_attribute("data-updates") or "0"
        started = time.perf_counter()
        control.select_option(value)
        expect(region).to_have_attribute("data-updates", str(int(before) + 1))
        return (time.perf_counter() - started) * 1000

    # Cold: the answer is computed on the click (no pointing at the toggle first).
    cold = click(page.get_by_label("the respondent is immune from the client's claim"), "yes")
    cold_in_page = region.get_attribute("data-update-ms")
    # As a person does it: point at the toggle, then choose (its answers fetched meanwhile).
    timings = []
    for value in ("yes", "as-is", "yes"):
        toggle.hover()
        page.wait_for_timeout(600)
        timings.append(click(toggle, value))
    warm_in_page = region.get_attribute("data-update-ms")
    expect(region.locator("article.card").first).to_have_attribute("data-status", "barred")
    expect(region.locator(".whatif-result")).to_contain_text("AVAILABLE → BARRED")
    assert "set.respondent_good_faith_settlement=yes" in page.url  # a link that reproduces it
    shot(page, "05-whatif-barred")
    (SHOTS / "whatif-timing.txt").write_text(
        f"cold click to update: {cold:.0f} ms wall (Playwright), {cold_in_page} ms in the page\n"
        f"pointed at first: {[round(t) for t in timings]} ms wall, last {warm_in_page} ms in page\n"
    )


def test_a_bad_upload_shows_the_field_error(browser: Browser, server: str, tmp_path: Path) -> None:
    page = signed_in(browser, server, "ann@acme.test")
    document = copy.deepcopy(yaml.safe_load(MUSSER.read_text()))
    document["settlements"][0]["date"] = "1997-02-30"
    upload(page, tmp_path, "bad.yaml", document)
    expect(page.get_by_role("alert")).to_contain_text("bad.yaml: settlements.0.date:")
    shot(page, "06-bad-upload")
    page.get_by_label("Title").fill("Typed matter")
    page.get_by_label("Parties row 1: Id").fill("pam")
    page.get_by_label("Parties row 1: Kind").select_option("client")
    page.get_by_role("button", name="Create the matter and start the interview").click()
    expect(page.locator("#err-parties\\.0\\.name")).to_contain_text("Field required")
    shot(page, "07-form-field-error")


def test_another_organisation_sees_nothing_and_a_forged_post_is_refused(
    browser: Browser, server: str, tmp_path: Path
) -> None:
    ann = signed_in(browser, server, "ann@acme.test")
    upload(ann, tmp_path, "musser.yaml", yaml.safe_load(MUSSER.read_text()))
    mine = ann.url.removesuffix("/interview")
    otto = signed_in(browser, server, "otto@other.test")
    expect(otto.locator("main")).to_contain_text("No matters yet")
    answer = otto.goto(mine)
    assert answer is not None and answer.status == 404
    shot(otto, "08-other-org-404")
    # A form posted from the signed-in page without its token (as another site would).
    status = ann.evaluate(
        """async (where) => {
            const body = new FormData();
            body.append("action", "back");
            const r = await fetch(where + "/interview", {method: "POST", body});
            return r.status;
        }""",
        mine,
    )
    assert status == 403


def test_a_book_upload_reaches_its_summary_and_a_row(
    browser: Browser, server: str, tmp_path: Path
) -> None:
    book = tmp_path / "claims.parquet"
    subprocess.run(
        [sys.executable, "-m", "bench.generate", "2000", "-o", str(book), "--seed", "4"],
        cwd=ROOT,
        check=True,
    )
    page = signed_in(browser, server, "ann@acme.test")
    page.goto("/books")
    page.get_by_label("Portfolio file").set_input_files(str(book))
    page.get_by_role("button", name="Upload and run").click()
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    shot(page, "09-book-waiting")
    app = APPS[server]
    worker = threading.Thread(
        target=Worker(app.state.settings, app.state.sessions).run_pending, daemon=True
    )
    worker.start()
    # The page refreshes itself until the book is done.
    expect(page.get_by_role("heading", name="Rows")).to_be_visible(timeout=60_000)
    worker.join(30)
    expect(page.locator('canvas[data-chart="chart-status"]')).to_have_attribute("data-drawn", "yes")
    expect(page.get_by_text("2,000 rows: 2,000 assessed, 0 rejected.")).to_be_visible()
    shot(page, "10-book-summary")
    page.get_by_label("Status").select_option("available")
    page.get_by_role("button", name="Filter").click()
    statuses = page.locator("table.rows tbody tr").evaluate_all(
        "rows => rows.map(r => r.className)"
    )
    assert statuses and set(statuses) == {"status-available"}
    page.locator("table.rows tbody tr a").first.click()
    claim = page.locator("article.card").first
    expect(claim).to_have_attribute("data-status", "available")
    shot(page, "11-book-row")
