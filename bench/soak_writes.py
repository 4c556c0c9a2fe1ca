"""60 s of concurrent writes: travellers re-plan trips while an operator keeps moving their launch.

    python bench/soak_writes.py [--seconds 60] [--databases sqlite postgres] [--results bench/RESULTS.md]

For each database, on a fresh one: `tourplanner init`, `--trips` saved trips around Soyuz MS-30, then
gunicorn (2 processes) serves the app; SQLite runs the jobs on threads inside gunicorn (no queue),
PostgreSQL on Redis with one `tourplanner worker` process. For `--seconds`: `--travellers` threads PUT
new plan requests to the same few trips (so they race each other and the workers re-planning the same
trips), one operator moves the launch through the operator API every half second (each move marks
every trip again), and one reader GETs the trips' JSON. Passes when no answer is a 5xx and neither
gunicorn nor the worker logged a traceback. Writes the "## Soak (writes)" section of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fanout import BIN, EMAIL, MS30, database, env_for, marked, seed, shut_down, wait_http
from results_file import RESULTS, write_section
from web import free_port

HEADING = "## Soak (writes)"


@dataclass
class Soak:
    database: str
    seconds: float
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    tracebacks: int = 0
    marked_after: int = 0
    load_before: float = 0.0
    load_after: float = 0.0

    @property
    def server_errors(self) -> int:
        return sum(n for (_, status), n in self.statuses.items() if status >= 500)


def call(method: str, url: str, body: object | None = None, headers: dict[str, str] | None = None) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 599  # no answer at all (connection reset, timeout): counted as a server error


def tokens_and_api_key(url: str, count: int) -> tuple[list[str], str]:
    from sqlalchemy import text

    from tourplanner import services
    from tourplanner.services.tokens import create_token
    from tourplanner.store.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as db:
            tokens = [str(t) for t in db.execute(text("SELECT token FROM trip ORDER BY id LIMIT :n"), {"n": count})
                      .scalars()]
        return tokens, create_token(engine, services.find_operator(engine, EMAIL).id, "soak")
    finally:
        engine.dispose()


def soak(kind: str, seconds: float, trips: int, travellers: int, postgres: str, redis: str, folder: Path) -> Soak:
    result = Soak(kind, seconds, load_before=os.getloadavg()[0])
    namespace = f"bench-soak-{uuid.uuid4().hex[:8]}"
    with database(kind, postgres, folder) as url:
        env = env_for(url, redis if kind == "postgres" else None, namespace)
        seed(url, trips, 0, env)
        tokens, key = tokens_and_api_key(url, 4)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env["TOURPLANNER_PUBLIC_URL"] = base
        # The soak measures concurrent writes, not the per-address plan limit (60/minute): with it, most
        # re-plans of four travellers on one address would be answered 429 before reaching the database.
        env["TOURPLANNER_RATELIMIT_PLANS"] = "1000000/minute"
        logs = [folder / f"{namespace}-gunicorn.log", folder / f"{namespace}-worker.log"]
        server = subprocess.Popen([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2",
                                   "--log-level", "warning", "tourplanner:create_app()"], env=env,
                                  stdout=logs[0].open("ab"), stderr=subprocess.STDOUT)
        workers = [subprocess.Popen([str(BIN / "tourplanner"), "worker"], env=env, stdout=logs[1].open("ab"),
                                    stderr=subprocess.STDOUT)] if kind == "postgres" else []
        lock = threading.Lock()
        deadline = 0.0

        def count(what: str, status: int) -> None:
            with lock:
                result.statuses[(what, status)] += 1

        def traveller(n: int) -> None:
            i = n
            while time.monotonic() < deadline:
                i += 1
                day = 18 + i % 4
                body = dict(MS30, start_date=f"2027-02-{day}", end_date=f"2027-03-0{2 + i % 5}")
                count("re-plan (PUT /api/trips/T)", call("PUT", f"{base}/api/trips/{tokens[i % len(tokens)]}", body))

        def operator() -> None:
            i = 0
            while time.monotonic() < deadline:
                i += 1
                net = f"2027-03-01T{10 + i % 8:02d}:{(7 * i) % 60:02d}:00Z"
                count("launch move (PATCH /api/operator/launches/L)",
                      call("PATCH", f"{base}/api/operator/launches/soyuz-ms-30", {"net": net},
                           {"Authorization": f"Bearer {key}"}))
                time.sleep(0.5)

        def reader() -> None:
            i = 0
            while time.monotonic() < deadline:
                i += 1
                count("read (GET /api/trips/T)", call("GET", f"{base}/api/trips/{tokens[i % len(tokens)]}"))

        try:
            wait_http(base)
            threads = [threading.Thread(target=traveller, args=(n,)) for n in range(travellers)]
            threads += [threading.Thread(target=operator), threading.Thread(target=reader)]
            deadline = time.monotonic() + seconds
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            result.marked_after = marked(url)
        finally:
            shut_down(server, workers, kind, redis, namespace)
        result.tracebacks = sum(log.read_text(errors="replace").count("Traceback") for log in logs if log.exists())
    result.load_after = os.getloadavg()[0]
    return result


def render(results: list[Soak], command: str, trips: int, travellers: int) -> str:
    lines = [HEADING, "",
             (f"`{command}`: gunicorn with 2 processes over {trips} saved trips around Soyuz MS-30 (SQLite: jobs on "
              "threads in gunicorn; PostgreSQL: Redis and one `tourplanner worker`). For the whole time "
              f"{travellers} travellers re-plan the same 4 trips (PUT, racing each other and the workers), an "
              "operator moves the launch through the operator API every half second (each move marks every "
              "trip again) and a reader GETs the trips. A 5xx or a traceback in gunicorn's or the worker's log "
              "fails the run; 599 stands for no answer at all. The per-address plan limit (60/minute) is lifted for the "
              "run: it is about concurrent writes, not the limiter."), "",
             "| database | seconds | requests | 5xx | tracebacks logged | answers by kind | load before/after |",
             "|---|---:|---:|---:|---:|---|---|"]
    for r in results:
        kinds = "; ".join(f"{what}: {status} x{n}" for (what, status), n in sorted(r.statuses.items()))
        lines.append(f"| {r.database} | {r.seconds:.0f} | {sum(r.statuses.values()):,} | {r.server_errors} | "
                     f"{r.tracebacks} | {kinds} | {r.load_before:.1f} / {r.load_after:.1f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--trips", type=int, default=200)
    parser.add_argument("--travellers", type=int, default=4)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for kind in args.databases:
            outcome = soak(kind, args.seconds, args.trips, args.travellers, args.postgres, args.redis, Path(folder))
            print(f"{kind}: {sum(outcome.statuses.values())} requests, {outcome.server_errors} 5xx, "
                  f"{outcome.tracebacks} tracebacks, {dict(outcome.statuses)}", flush=True)
            results.append(outcome)
    given = sys.argv[1:] if argv is None else argv
    command = "python bench/soak_writes.py" + (" " + shlex.join(given) if given else "")
    write_section(HEADING, render(results, command, args.trips, args.travellers), args.results)
    return 0 if all(r.server_errors == 0 and r.tracebacks == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
