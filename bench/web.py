"""HTTP benchmark: the app against a bare Flask app answering the same bytes, under the same gunicorn.

    python bench/web.py [--seconds 5] [--rounds 2] [--connections 4] [--results bench/RESULTS.md]
                        [--only page --only feed]   (endpoints whose name contains any of these)

Starts the app with gunicorn on a free 127.0.0.1 port over a fresh, seeded SQLite database, creates one
trip, and captures the bytes of each endpoint (the catalogue answers, the trip's feed, page and map).
bench/bare_app.py then serves exactly those bytes under the same gunicorn settings. For each setting
(2 sync workers; 2 gthread workers x 4 threads) both servers run side by side and the same load generator
(wrk from Debian; a bounded Python client when wrk is missing) loads each endpoint for `--seconds`,
alternating app and bare app (A B A B, `--rounds` times each). The ratio is the median of the app's
requests per second over the bare app's median. Every answer must be 2xx. Rewrites the "## HTTP" section of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
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
SETTINGS = {"2 sync workers": ["--workers", "2"],
            "2 workers x 4 threads": ["--workers", "2", "--threads", "4", "--worker-class", "gthread"]}
GOALS = {"catalogue": 0.5, "feed": 0.5, "page": 0.3, "map": 0.3}


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    goal: str  # GOALS key


@dataclass(frozen=True)
class Row:
    endpoint: str
    setting: str
    app: list[float]  # req/s per round
    bare: list[float]
    goal: float
    bytes: int

    @property
    def ratio(self) -> float:
        """Of the medians: one run disturbed by other work on the machine moves it least."""
        return statistics.median(self.app) / statistics.median(self.bare)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str, body: dict[str, object] | None = None) -> tuple[int, str, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(req, timeout=30) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def start(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch(f"http://127.0.0.1:{port}/healthz")
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"{command[0]} did not answer within 60 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    server.wait(timeout=30)


def load(url: str, seconds: float, connections: int) -> float:
    """Requests per second at `url` for `seconds`, `connections` at a time; fails on any non-2xx."""
    if shutil.which("wrk"):
        done = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{max(1, round(seconds))}s", url],
                              check=True, capture_output=True, text=True)
        if "Non-2xx" in done.stdout or "Socket errors" in done.stdout:
            raise RuntimeError(f"{url}: errors under load\n{done.stdout}")
        found = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
        if found is None:
            raise RuntimeError(f"wrk printed no rate:\n{done.stdout}")
        return float(found.group(1))
    deadline = time.perf_counter() + seconds
    counts = [0] * connections

    def client(i: int) -> None:
        while time.perf_counter() < deadline:
            status, _, _ = fetch(url)
            if not 200 <= status < 300:
                raise RuntimeError(f"{url}: HTTP {status}")
            counts[i] += 1

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        list(pool.map(client, range(connections)))
    return sum(counts) / (time.perf_counter() - began)


def run(seconds: float, rounds: int, connections: int, only: list[str] | None = None) -> tuple[list[Row], str]:
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = dict(os.environ, TOURPLANNER_DATABASE_URL=f"sqlite:///{work / 'bench.sqlite'}",
                   TOURPLANNER_TILES="none", TOURPLANNER_SECRET_KEY="bench-only-" + os.urandom(8).hex(),
                   TOURPLANNER_BARE_CAPTURE=str(work / "capture.json"),
                   # one client from one address measures throughput, not the per-address rate limits
                   TOURPLANNER_RATELIMIT_PLANS="100000/minute", TOURPLANNER_RATELIMIT_TRIPS="100000/minute")
        subprocess.run([str(bin_dir / "tourplanner"), "init"], env=env, check=True, capture_output=True)
        endpoints: list[Endpoint] = []
        rows: list[Row] = []
        for setting, extra in SETTINGS.items():
            app_port, bare_port = free_port(), free_port()
            gunicorn = [str(bin_dir / "gunicorn"), "--log-level", "warning", *extra]
            app = start([*gunicorn, "--bind", f"127.0.0.1:{app_port}", "tourplanner:create_app()"], env, app_port)
            try:
                if not endpoints:
                    endpoints = capture(f"http://127.0.0.1:{app_port}", work)
                bare = start([*gunicorn, "--bind", f"127.0.0.1:{bare_port}", "--chdir", str(ROOT / "bench"),
                              "bare_app:create()"], env, bare_port)
                try:
                    sizes = json.loads((work / "capture.json").read_text())
                    for e in endpoints:
                        if only and not any(word in e.name for word in only):
                            continue
                        a_url, b_url = f"http://127.0.0.1:{app_port}{e.path}", f"http://127.0.0.1:{bare_port}{e.path}"
                        fetch(a_url), fetch(b_url)  # warm-up: first render in this worker
                        a_rates, b_rates = [], []
                        for _ in range(rounds):
                            a_rates.append(load(a_url, seconds, connections))
                            b_rates.append(load(b_url, seconds, connections))
                        row = Row(e.name, setting, a_rates, b_rates, GOALS[e.goal], sizes[e.path]["bytes"])
                        rows.append(row)
                        print(f"{setting:22} {e.name:32} app {statistics.mean(a_rates):7.0f}  "
                              f"bare {statistics.mean(b_rates):7.0f} req/s  ratio {row.ratio:5.1%}", flush=True)
                finally:
                    stop(bare)
            finally:
                stop(app)
        tool = "a Python thread-pool client"
        if shutil.which("wrk"):
            version = subprocess.run(["wrk", "-v"], check=False, capture_output=True, text=True).stdout.split()
            tool = "wrk " + (version[1] if len(version) > 1 else "")
        return rows, tool


def capture(base: str, work: Path) -> list[Endpoint]:
    """Create the trip, fetch each endpoint once, and write the bytes for the bare app."""
    _, _, created = fetch(base + "/api/trips", SEED_TRIP)
    token = json.loads(created)["token"]
    endpoints = [Endpoint("GET /api/sites", "/api/sites", "catalogue"),
                 Endpoint("GET /api/launches", "/api/launches", "catalogue"),
                 Endpoint("GET /trips/<token>/feed.ics", f"/trips/{token}/feed.ics", "feed"),
                 Endpoint("GET /trips/<token> (page)", f"/trips/{token}", "page"),
                 Endpoint("GET /trips/<token>/map", f"/trips/{token}/map", "map")]
    index = {}
    for i, e in enumerate(endpoints):
        status, mimetype, body = fetch(base + e.path)
        (work / f"body-{i}").write_bytes(body)
        index[e.path] = {"status": status, "type": mimetype, "file": f"body-{i}", "bytes": len(body)}
    (work / "capture.json").write_text(json.dumps(index))
    return endpoints


def render(rows: list[Row], command: str, tool: str, seconds: float, rounds: int, connections: int,
           load_avg: str) -> str:
    lines = [
        HEADING, "",
        (f"`{command}` — the app (SQLite) and bench/bare_app.py (a bare Flask app answering the bytes the app "
         f"answered, captured first) under the same gunicorn settings, loaded by {tool} with {connections} "
         f"connections for {seconds:g} s per run, alternating app and bare app {rounds} times each per "
         f"endpoint; every answer 2xx. Python {platform.python_version()}, {platform.machine()}, "
         f"{os.cpu_count()} CPUs shared by servers, load generator and other work (load average at the start: "
         f"{load_avg})."), "",
        ("| endpoint | gunicorn | app req/s (runs) | app median | bare req/s (runs) | bare median | ratio of medians "
        "| goal | bytes |"),
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        runs_a = " / ".join(f"{x:.0f}" for x in r.app)
        runs_b = " / ".join(f"{x:.0f}" for x in r.bare)
        verdict = "met" if r.ratio >= r.goal else "NOT MET"
        lines.append(f"| {r.endpoint} | {r.setting} | {runs_a} | {statistics.median(r.app):.0f} | {runs_b} | "
                     f"{statistics.median(r.bare):.0f} | {r.ratio:.0%} | >= {r.goal:.0%}: {verdict} | {r.bytes:,} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=5.0, help="per load run")
    parser.add_argument("--rounds", type=int, default=2, help="A B pairs per endpoint")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--only", action="append", metavar="WORD",
                        help="only endpoints whose name contains WORD (repeatable; a quick look, not the table)")
    args = parser.parse_args(argv)
    load_avg = " ".join(f"{x:.1f}" for x in os.getloadavg())
    rows, tool = run(args.seconds, args.rounds, args.connections, args.only)
    load_avg += "; at the end: " + " ".join(f"{x:.1f}" for x in os.getloadavg())
    given = sys.argv[1:] if argv is None else argv
    command = "python bench/web.py" + (" " + shlex.join(given) if given else "")
    write_section(HEADING, render(rows, command, tool, args.seconds, args.rounds, args.connections, load_avg),
                  args.results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
