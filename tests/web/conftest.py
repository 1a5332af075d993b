"""A local app with the web pages on a fresh SQLite archive, and signed-in clients."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from apportion.web import db
from apportion.web.accounts import create_user
from apportion.web.routes import router

ROOT = Path(__file__).resolve().parents[2]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"
PASSWORD = "correct horse battery"


def make_app(path: Path) -> FastAPI:
    engine = create_engine(f"sqlite:///{path}")
    db.Base.metadata.create_all(engine)
    app = FastAPI()
    app.include_router(router)
    app.state.sessions = sessionmaker(engine, expire_on_commit=False)
    with app.state.sessions() as session:
        create_user(session, "Acme Insurance", "ann@acme.test", PASSWORD)
        create_user(session, "Other Mutual", "otto@other.test", PASSWORD)
    return app


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return make_app(tmp_path / "archive.sqlite")


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
