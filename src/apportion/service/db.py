"""The archive's tables (SQLAlchemy 2) and how to open it.

The schema is made by the Alembic migrations in ``migrations/`` (never by ``create_all``):
:func:`open_archive` upgrades the database to the latest revision before the service
answers. SQLite runs in WAL mode with ``synchronous=FULL``: a commit is on disk before
the response that reports it is sent.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def utc(value: dt.datetime) -> dt.datetime:
    """A stored time in UTC (SQLite gives it back naive, PostgreSQL in its zone)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    pass


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ApiKey(Base):
    """A key is ``ak_<id>_<secret>``: the id is looked up, only the SHA-256 of the whole
    key is kept (the secret is 32 random bytes: no slow hash is needed)."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Rulebook(Base):
    """Each rulebook digest seen, with its rules, so a replay can say what changed."""

    __tablename__ = "rulebooks"

    digest: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(100))
    rules: Mapped[str] = mapped_column(Text)
    """``apportion rules -f json`` of that rulebook."""


class Assessment(Base):
    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    asked_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    """The input exactly as received."""
    content_type: Mapped[str] = mapped_column(String(100))
    body_digest: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the body as received."""
    input_digest: Mapped[str] = mapped_column(String(128))
    """The Decision's digest of the matter it read."""
    matter_title: Mapped[str] = mapped_column(String(1000), index=True)
    statuses: Mapped[str] = mapped_column(String(2000))
    """Each claim's status, space separated and framed (`` barred available ``)."""
    rulebook_name: Mapped[str] = mapped_column(String(200))
    rulebook_version: Mapped[str] = mapped_column(String(100))
    rulebook_digest: Mapped[str] = mapped_column(ForeignKey("rulebooks.digest"))
    as_of_requested: Mapped[dt.date | None] = mapped_column(Date)
    as_of: Mapped[dt.date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(Text)
    """The Decision as JSON, exactly as it was returned."""


class BookJob(Base):
    __tablename__ = "book_jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    asked_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    filename: Mapped[str] = mapped_column(String(500))
    format: Mapped[str] = mapped_column(String(20))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    as_of_requested: Mapped[dt.date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), index=True)
    """queued, running, done or failed."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    rows_total: Mapped[int | None] = mapped_column(BigInteger)
    rows_done: Mapped[int] = mapped_column(BigInteger, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)


def upgrade(engine: Engine) -> None:
    """Bring the archive to the latest Alembic revision."""
    from alembic import command

    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def alembic_config(url: str | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


def open_archive(url: str) -> tuple[Engine, sessionmaker[Any]]:
    engine = make_engine(url)
    upgrade(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)
