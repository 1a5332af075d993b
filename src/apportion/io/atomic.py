"""Atomic writes: every file the project writes is the old file or the complete new one.

Each output goes first to a temporary file created exclusively (an unpredictable name,
``O_EXCL``: nothing planted there is followed) in the same directory, is flushed to disk
(fsync) and only then renamed over the target. On any failure the temporary files are
removed and the targets are untouched. Several outputs written together are renamed
only once every one of them is complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from apportion.io.load import InputError, OutputError


def check_target(path: Path) -> None:
    """Refuse, before any work, a target that cannot be written: exit 2, nothing written."""
    if path.is_dir():
        raise InputError(str(path), [("(file)", "is a directory; give a file name")])
    parent = path.parent
    if not parent.is_dir():
        raise InputError(str(path), [("(file)", f"no such directory {str(parent)!r}")])
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(str(path), [("(file)", f"directory {str(parent)!r} is not writable")])


@contextlib.contextmanager
def replacing(targets: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary files standing in for ``targets``: write them in the block; on a clean
    exit each is fsynced and renamed onto its target, else all are removed."""
    for target in targets:
        check_target(target)
    temporaries: list[Path] = []
    try:
        for target in targets:
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            os.close(handle)
            temporaries.append(Path(name))
        yield temporaries
        for target, temporary in zip(targets, temporaries, strict=True):
            _settle(temporary, target)
        for target, temporary in zip(targets, temporaries, strict=True):
            os.replace(temporary, target)
        for directory in {t.parent for t in targets}:
            _fsync_directory(directory)
    except OSError as exc:
        raise OutputError.from_os(exc, targets) from exc
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8), atomically."""
    with replacing([path]) as (temporary,):
        temporary.write_text(text, encoding="utf-8")


def write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``, atomically."""
    with replacing([path]) as (temporary,):
        temporary.write_bytes(data)


def _settle(temporary: Path, target: Path) -> None:
    """Flush to disk and give the file the mode the target has (or a new file would)."""
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)
    with open(temporary, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_directory(directory: Path) -> None:
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
