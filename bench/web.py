"""HTTP benchmark: the app under gunicorn (as deployed), requests from a second process on loopback.

    python bench/web.py [--requests 200] [--concurrency 4] [--workers 2] [--results bench/RESULTS.md]

Starts gunicorn on a free 127.0.0.1 port over a fresh, seeded SQLite database, creates one trip, then
sends a bounded number of requests per endpoint from a thread pool and writes latency percentiles and
throughput to the "## HTTP" section of bench/RESULTS.md (only that section). Every request must answer
200; the run stops by itself.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from results_file import RESULTS, write_section  # bench/ is sys.path[0] when run as a script

HEADING = "## HTTP"
SEED_TRIP = {
    "start_date": "2017-07-21", "end_date": "2017-07-29", "launch": "soyuz-ms-05", "must_see": ["star-city"],
    "sites": ["kremlin-wall-necropolis", "museum-of-cosmonautics", "vdnkh", "star-city",
              "baikonur-gagarins-start", "baikonur-museum", "buran-control-centre"],
    "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2017-04-01",
}


@dataclass(frozen=True)
class Row:
    name: str
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    per_second: float
    bytes: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def request(url: str, body: dict[str, object] | None = None) -> bytes:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(req, timeout=30) as response:
        if response.status not in (200, 201):
            raise RuntimeError(f"{url}: HTTP {response.status}")
        payload: bytes = response.read()
        return payload


def measure(name: str, call: Callable[[], bytes], count: int, concurrency: int) -> Row:
    call()  # warm-up: first render of a map, first plan in each worker
    timings: list[float] = []
    sizes: list[int] = []

    def one(_: int) -> None:
        started = time.perf_counter()
        sizes.append(len(call()))
        timings.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(count)))
    elapsed = time.perf_counter() - started
    ordered = sorted(timings)
    return Row(name, count, statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))], ordered[-1],
               count / elapsed, sizes[0])


def serve(database: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, TOURPLANNER_DATABASE_URL=f"sqlite:///{database}", TOURPLANNER_TILES="none",
               TOURPLANNER_SECRET_KEY="bench-only-" + os.urandom(8).hex(),
               # one client from one address measures throughput, not the per-address rate limits
               TOURPLANNER_RATELIMIT_PLANS="100000/minute", TOURPLANNER_RATELIMIT_TRIPS="100000/minute")
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "tourplanner"), "init"], env=env, check=True, capture_output=True)
    server = subprocess.Popen([str(bin_dir / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                               "--log-level", "warning", "tourplanner:create_app()"], env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            request(f"http://127.0.0.1:{port}/healthz")
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 30 s")


def run(count: int, concurrency: int, workers: int) -> list[Row]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        server = serve(Path(folder) / "bench.sqlite", port, workers)
        try:
            trip = json.loads(request(base + "/api/trips", SEED_TRIP))
            token = trip["token"]
            cases: list[tuple[str, Callable[[], bytes]]] = [
                ("GET /api/sites", lambda: request(base + "/api/sites")),
                ("GET /api/launches", lambda: request(base + "/api/launches")),
                ("POST /api/plan (seed trip)", lambda: request(base + "/api/plan", SEED_TRIP)),
                ("GET /trips/<token> (page with map)", lambda: request(f"{base}/trips/{token}")),
                ("GET /trips/<token>/feed.ics", lambda: request(f"{base}/trips/{token}/feed.ics")),
                ("GET / (home with catalogue map)", lambda: request(base + "/")),
            ]
            return [measure(name, call, count, concurrency) for name, call in cases]
        finally:
            server.terminate()
            server.wait(timeout=30)


def render(rows: list[Row], command: str, concurrency: int, workers: int) -> str:
    lines = [
        HEADING, "",
        (f"`{command}` — gunicorn with {workers} sync workers over SQLite, {concurrency} concurrent clients "
         f"on loopback, every answer 200 ({platform.python_version()}, {platform.machine()}, "
         f"{os.cpu_count()} CPUs shared by server and client)."), "",
        "| endpoint | requests | p50 ms | p95 ms | max ms | req/s | bytes |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {r.name} | {r.requests} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.max_ms:.1f} | "
              f"{r.per_second:.0f} | {r.bytes:,} |" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    rows = run(args.requests, args.concurrency, args.workers)
    for r in rows:
        print(f"{r.name:38} p50 {r.p50_ms:7.1f} ms  p95 {r.p95_ms:7.1f} ms  {r.per_second:6.0f} req/s")
    given = sys.argv[1:] if argv is None else argv
    command = "python bench/web.py" + (" " + shlex.join(given) if given else "")
    write_section(HEADING, render(rows, command, args.concurrency, args.workers), args.results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
