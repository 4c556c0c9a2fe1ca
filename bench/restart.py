"""`make run`'s mode, killed half-way: the in-process workers' fan-out survives a server crash.

    python bench/restart.py [--trips 300] [--results bench/RESULTS.md]

`tourplanner serve` (what `make run` starts: SQLite, no queue, jobs on threads in the server) over a
fresh database with `--trips` saved trips around Soyuz MS-30; an operator moves the launch through the
web form; when about half the trips are updated the server is killed with SIGKILL; the trips left
are checked to be still marked (none half-written), the server is started again and the time until
every trip is updated is measured. Writes the "## Restart" section of bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fanout import BIN, Operator, env_for, marked, seed, wait_http  # the fan-out benchmark's helpers
from results_file import RESULTS, write_section
from web import free_port

HEADING = "## Restart"


def versions_whole(url: str) -> tuple[int, int]:
    """(trips at version 2, trips whose version rows are not exactly 1..version)."""
    from sqlalchemy import text

    from tourplanner.store.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as db:
            updated = db.execute(text("SELECT count(*) FROM trip WHERE version = 2")).scalar_one()
            broken = db.execute(text(
                "SELECT count(*) FROM trip t WHERE (SELECT count(*) FROM trip_version v WHERE v.trip_id = t.id) "
                "!= t.version OR NOT EXISTS (SELECT 1 FROM trip_version v WHERE v.trip_id = t.id "
                "AND v.version = t.version)")).scalar_one()
            return int(updated), int(broken)
    finally:
        engine.dispose()


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(BIN / "tourplanner"), "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--trips", type=int, default=300)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'restart.sqlite'}"
        env = env_for(url, None, "unused")
        env.pop("TOURPLANNER_SWEEP_SECONDS")  # the defaults of `make run`
        env.pop("TOURPLANNER_WORKER_THREADS")
        seed(url, args.trips, 0, env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = serve(env, port)
        wait_http(base)
        operator = Operator(base)
        operator.sign_in()
        preview_ms, move_ms, counted = operator.move("2027-03-01T14:30")
        assert counted == args.trips, counted
        started = time.perf_counter()
        while marked(url) > args.trips // 2:
            time.sleep(0.1)
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        killed_at = time.perf_counter() - started
        left = marked(url)
        updated_before, broken_before = versions_whole(url)
        restarted = time.perf_counter()
        server = serve(env, port)
        try:
            wait_http(base)
            while marked(url):
                time.sleep(0.2)
                if time.perf_counter() - restarted > 600:
                    raise SystemExit("the restarted server did not finish within 10 minutes")
            after_restart = time.perf_counter() - restarted
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        updated, broken = versions_whole(url)
    given = sys.argv[1:] if argv is None else argv
    command = "python bench/restart.py" + (" " + shlex.join(given) if given else "")
    text = "\n".join([
        HEADING, "",
        (f"`{command}`: `tourplanner serve` as `make run` starts it (SQLite, no queue, jobs on threads in "
        f"the server), {args.trips} saved trips around Soyuz MS-30 (load average {os.getloadavg()[0]:.1f})."), "",
        (f"- The operator's move through the web form: the preview (counting {counted} trips) answered in "
         f"{preview_ms:.0f} ms, Apply in {move_ms:.0f} ms."),
        (f"- The server was killed with SIGKILL {killed_at:.1f} s later, with {left} of {args.trips} trips still "
        f"marked; {updated_before} had their new version and {broken_before} had a half-written one."),
        (f"- Started again, it updated the remaining {left} in {after_restart:.1f} s (start-up included); at the "
        f"end {updated} of {args.trips} trips are at version 2 and {broken} are inconsistent."),
    ]) + "\n"
    print(text)
    write_section(HEADING, text, args.results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
