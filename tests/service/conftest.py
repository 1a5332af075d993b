from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pgserver as pg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from apportion.service.app import create_app
from apportion.service.auth import create_key
from apportion.service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with pg.server() as url:
        yield url


def _empty(url: str) -> None:
    """Drop every table (a fresh archive for each test, migrated from nothing)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    _empty(url)
    return url


@dataclass
class Service:
    client: TestClient
    settings: Settings
    keys: dict[str, str]

    def headers(self, org: str = "acme") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[org]}"}

    def key(self, org: str, name: str | None = None) -> str:
        with self.client.app.state.sessions() as session:  # type: ignore[attr-defined]
            _row, key = create_key(session, org, name)
        return key

    def post_musser(self, org: str = "acme", **params: str) -> dict[str, object]:
        done = self.client.post(
            "/v1/assessments",
            content=MUSSER.read_bytes(),
            headers={**self.headers(org), "Content-Type": "application/yaml"},
            params=params,
        )
        assert done.status_code == 201, done.text
        return done.json()  # type: ignore[no-any-return]


def _service(url: str, data_dir: Path) -> Iterator[Service]:
    settings = Settings(data_dir=data_dir, database_url=url, run_worker=False)
    with TestClient(create_app(settings)) as client:
        service = Service(client, settings, {})
        service.keys["acme"] = service.key("acme", "alice")
        service.keys["other"] = service.key("Other & Co", "bob")
        yield service


@pytest.fixture
def service(database_url: str, tmp_path: Path) -> Iterator[Service]:
    """The app on each archive (SQLite and PostgreSQL), with a key for two organisations."""
    yield from _service(database_url, tmp_path)


@pytest.fixture
def sqlite_service(tmp_path: Path) -> Iterator[Service]:
    """The app on SQLite only (for tests that are not about the archive)."""
    yield from _service(f"sqlite:///{tmp_path / 'archive.sqlite3'}", tmp_path)
