"""Where the service keeps its archive and uploads, and how large an upload may be."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

MAX_UPLOAD_BYTES = 512 * 2**20
"""A book (portfolio upload) of at most 512 MiB, streamed to disk."""


def default_data_dir() -> Path:
    """``$APPORTION_DATA_DIR``, else ``$XDG_DATA_HOME/apportion`` (``~/.local/share``)."""
    named = os.environ.get("APPORTION_DATA_DIR")
    if named:
        return Path(named)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "apportion"


@dataclass(frozen=True)
class Settings:
    """``database_url`` defaults to the SQLite file ``archive.sqlite3`` in ``data_dir``."""

    data_dir: Path = field(default_factory=default_data_dir)
    database_url: str = ""
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    run_worker: bool = True
    """Run the book jobs' worker thread in the server process."""

    def __post_init__(self) -> None:
        if not self.database_url:
            url = os.environ.get("APPORTION_DATABASE_URL") or (
                f"sqlite:///{(self.data_dir / 'archive.sqlite3').resolve()}"
            )
            object.__setattr__(self, "database_url", url)

    @property
    def books_dir(self) -> Path:
        return self.data_dir / "books"
