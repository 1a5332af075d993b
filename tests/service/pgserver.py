"""A private PostgreSQL server for the archive tests: Debian's binaries, a cluster in a
temporary directory, run as the ``postgres`` user when the tests run as root
(PostgreSQL refuses root), stopped at the end. ``make test`` installs ``postgresql``."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    raise RuntimeError(
        "PostgreSQL is not installed: `make test` installs Debian's postgresql "
        "(apt-get install postgresql); the archive tests need a real server"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server() -> Iterator[str]:
    """A running server; yields the URL of an empty database ``apportion_test``."""
    bin_dir = binaries()
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    base = Path(tempfile.mkdtemp(prefix="apportion-pg-"))
    data, port = base / "data", _free_port()
    if as_root:
        shutil.chown(base, "postgres")
        base.chmod(0o700)

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, cwd="/")

    try:
        run(
            str(bin_dir / "initdb"), "-D", str(data), "-U", "apportion", "-A", "trust", "-E", "UTF8"
        )
        run(
            str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w",
            "-o", f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=on",
            "start",
        )  # fmt: skip
        try:
            for _ in range(50):
                done = subprocess.run(
                    [*prefix, str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port),
                     "-U", "apportion", "apportion_test"],
                    capture_output=True,
                )  # fmt: skip
                if done.returncode == 0:
                    break
                time.sleep(0.2)
            else:
                raise RuntimeError(f"createdb failed: {done.stderr.decode()}")
            yield f"postgresql+psycopg://apportion@127.0.0.1:{port}/apportion_test"
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(base, ignore_errors=True)
