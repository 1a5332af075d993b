"""`apportion serve` as a real process on a free port (for the README, kill and
schemathesis tests)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "APPORTION_DATA_DIR": str(data_dir),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def wait_healthy(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/v1/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer /v1/health")


@contextmanager
def serve(
    data_dir: Path, *args: str, port: int | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A running server; yields its URL and process; stopped (killed if need be) after."""
    port = port or free_port()
    process = subprocess.Popen(
        [str(BIN / "apportion"), "serve", "--port", str(port), *args],
        env=env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        yield url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout:
            process.stdout.close()


def create_key(data_dir: Path, org: str, *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "apportion"), "keys", "create", "--org", org, *args],
        env=env(data_dir),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()
