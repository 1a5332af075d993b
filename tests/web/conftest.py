"""A local app with the web pages on a fresh SQLite archive, and signed-in clients."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from apportion.service.app import create_app
from apportion.service.settings import Settings
from apportion.web.accounts import create_user

ROOT = Path(__file__).resolve().parents[2]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"
PASSWORD = "correct horse battery"


def make_app(data_dir: Path) -> FastAPI:
    """The service as `apportion serve` makes it, on a fresh SQLite archive."""
    app = create_app(Settings(data_dir=data_dir, run_worker=False))
    with app.state.sessions() as session:
        create_user(session, "Acme Insurance", "ann@acme.test", PASSWORD)
        create_user(session, "Other Mutual", "otto@other.test", PASSWORD)
    return app


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return make_app(tmp_path)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(client: TestClient, email: str) -> str:
    page = client.get("/signin")
    done = client.post(
        "/signin",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    return csrf_of(client.get("/").text)


@pytest.fixture
def ann(app: FastAPI) -> Iterator[tuple[TestClient, str]]:
    with TestClient(app) as client:
        yield client, sign_in(client, "ann@acme.test")


@pytest.fixture
def otto(app: FastAPI) -> Iterator[tuple[TestClient, str]]:
    with TestClient(app) as client:
        yield client, sign_in(client, "otto@other.test")
