"""Load on `apportion serve`: POST /v1/assessments (the Musser matter) from concurrent
clients on loopback, beside the in-process time of the same assessment, in one run.

    python -m bench.serve                       # 16 clients, 10,000 requests
    python -m bench.serve --clients 4 --requests 200     # a quick look

The server is a real process (`apportion serve`, SQLite archive in a temporary data dir);
the clients are threads of this process, each on one keep-alive connection. Reported:
requests/s, latency p50/p90/p99/max, errors, the server's CPU time per request and its
resident memory before the load (started, one request answered) and after. The
in-process figure is ``decide`` plus the Decision's JSON, what a POST computes before the
archive write, measured (wall and CPU) just before the load.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"
BIN = Path(sys.executable).parent


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def in_process(body: bytes, rounds: int) -> dict[str, float]:
    from apportion.service.archive import decide_body

    decide_body(body, "application/yaml", None).model_dump_json()  # warm
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        decide_body(body, "application/yaml", None).model_dump_json()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"wall_ms": statistics.median(walls) * 1e3, "cpu_ms": statistics.median(cpus) * 1e3}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    body = MUSSER.read_bytes()
    data = Path(tempfile.mkdtemp(prefix="apportion-bench-serve-"))
    env = {**os.environ, "APPORTION_DATA_DIR": str(data)}
    key = subprocess.run(
        [str(BIN / "apportion"), "keys", "create", "--org", "bench"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    import socket

    port = args.port
    if not port:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(BIN / "apportion"), "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/yaml"}
    try:
        for _ in range(600):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("POST", "/v1/assessments", body, headers)
                assert conn.getresponse().read() and True
                break
            except OSError:
                time.sleep(0.2)
        rss_before = rss_mib(server.pid)
        alone = in_process(body, 30)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        left = [args.requests]

        def client() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            mine: list[float] = []
            while True:
                with lock:
                    if left[0] == 0:
                        break
                    left[0] -= 1
                start = time.perf_counter()
                try:
                    conn.request("POST", "/v1/assessments", body, headers)
                    answer = conn.getresponse()
                    answer.read()
                    if answer.status != 201:
                        with lock:
                            errors.append(str(answer.status))
                except (OSError, http.client.HTTPException) as exc:
                    with lock:
                        errors.append(type(exc).__name__)
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                mine.append(time.perf_counter() - start)
            with lock:
                latencies.extend(mine)

        cpu_before = cpu_seconds(server.pid)
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        wall = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - wall
        cpu = cpu_seconds(server.pid) - cpu_before
        rss_after = rss_mib(server.pid)
        alone_after = in_process(body, 30)
    finally:
        server.terminate()
        server.wait(30)
    ms = [x * 1e3 for x in latencies]
    figures: dict[str, Any] = {
        "clients": args.clients,
        "requests": len(ms),
        "errors": len(errors),
        "wall_s": round(wall, 1),
        "requests_per_s": round(len(ms) / wall, 1),
        "p50_ms": round(percentile(ms, 0.50), 1),
        "p90_ms": round(percentile(ms, 0.90), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
        "max_ms": round(max(ms), 1),
        "server_cpu_ms_per_request": round(cpu / len(ms) * 1e3, 1),
        "in_process_wall_ms": round(alone["wall_ms"], 1),
        "in_process_cpu_ms": round(alone["cpu_ms"], 1),
        "in_process_after_wall_ms": round(alone_after["wall_ms"], 1),
        "target_p50_ms": round(2 * alone["wall_ms"] + 5, 1),
        "server_rss_mib_before": round(rss_before, 1),
        "server_rss_mib_after": round(rss_after, 1),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
