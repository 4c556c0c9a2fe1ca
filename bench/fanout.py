"""Fan-out benchmark: an operator moves a launch that thousands of saved trips depend on.

    python bench/fanout.py [--trips 10000] [--moves 5] [--processes 1 2] [--databases sqlite postgres]
                           [--postgres URL] [--redis URL] [--results bench/RESULTS.md]

For each database and number of worker processes, on a fresh database: `tourplanner init`, N saved
trips around Soyuz MS-30 (one planned, the rest copied row for row: same request, own token), then
gunicorn serves the app and an operator moves the launch through the web form. Measured: how long the
form's POST takes (p50 of `--moves` moves: the first on a quiet system, the others while the workers
are busy), and how long until every trip has its new version after the first move (polling the
database for marks). SQLite: the jobs run on threads inside gunicorn's processes (no queue, `make
run`'s mode); PostgreSQL: Redis queue and `tourplanner worker` processes. Also: a closure of a site
that 1 % of the trips visit (time to find and mark them), and what one re-plan costs with the
catalogue loaded once per revision. Writes the "## Fan-out" section of bench/RESULTS.md. Each run
stops by itself; every request goes to 127.0.0.1.
"""
from __future__ import annotations

import argparse
import html
import http.cookiejar
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from results_file import RESULTS, write_section  # bench/ is sys.path[0] when run as a script
from web import free_port  # the HTTP benchmark's helpers

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

HEADING = "## Fan-out"
TODAY = date(2026, 11, 21)
MS30 = {"start_date": "2027-02-20", "end_date": "2027-03-06", "launch": "soyuz-ms-30",
        "sites": ["museum-of-cosmonautics", "baikonur-gagarins-start"],
        "traveller": {"nationality": "RU", "age": 40}, "booking_date": "2026-11-21"}
VISITS_SITE = {"start_date": "2027-05-04", "end_date": "2027-05-07", "sites": ["museum-of-cosmonautics", "kremlin-wall-necropolis"],
               "traveller": {"nationality": "FR", "age": 30}, "booking_date": "2026-11-21"}
CLOSED_SITE = "museum-of-cosmonautics"  # visited in May by VISITS_SITE trips only
EMAIL, PASSWORD = "bench@example.com", "bench-password-123"
BIN = Path(sys.executable).parent


@dataclass
class Run:
    database: str
    processes: int
    threads: int
    trips: int
    move_ms: list[float] = field(default_factory=list)  # the Apply POST (the move itself)
    preview_ms: list[float] = field(default_factory=list)  # the form's POST before it (counts the trips)
    waited_s: float = 0.0  # from the first move's answer until all were updated, or the budget ran out
    updated: int = 0  # trips updated within that time
    load_before: float = 0.0
    load_after: float = 0.0

    @property
    def complete(self) -> bool:
        return self.updated >= self.trips

    @property
    def rate(self) -> float:
        return self.updated / self.waited_s if self.waited_s else 0.0

    @property
    def per_worker(self) -> float:
        return self.rate / self.processes

    @property
    def all_updated(self) -> str:
        if self.complete:
            return f"{self.waited_s:.0f}"
        return f"({self.trips / self.rate:.0f} projected: {self.updated:,} in {self.waited_s:.0f})" if self.rate else "-"


@dataclass
class Closure:
    database: str
    trips: int
    visiting: int
    find_ms: list[float]
    mark_ms: list[float]


# -- databases ---------------------------------------------------------------------------------------

@contextmanager
def database(kind: str, postgres: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'fanout-{uuid.uuid4().hex[:8]}.sqlite'}"
        return
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from tourplanner.store.db import make_engine

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(postgres)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(postgres).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def env_for(url: str, redis: str | None, namespace: str) -> dict[str, str]:
    env = dict(os.environ, TOURPLANNER_DATABASE_URL=url, TOURPLANNER_TILES="none",
               TOURPLANNER_SECRET_KEY="bench-only-" + uuid.uuid4().hex, TOURPLANNER_SWEEP_SECONDS="1",
               TOURPLANNER_WORKER_THREADS="2", TOURPLANNER_RATELIMIT_STORAGE_URL="memory://",
               TOURPLANNER_QUEUE_URL=redis or "", TOURPLANNER_QUEUE_NAMESPACE=namespace,
               TOURPLANNER_PUBLIC_URL="http://127.0.0.1")
    return env


def seed(url: str, trips: int, visiting: int, env: dict[str, str]) -> None:
    """`tourplanner init`, one operator, `trips` trips on Soyuz MS-30 and `visiting` that visit CLOSED_SITE."""
    from sqlalchemy import insert, select
    from sqlmodel import Session

    from tourplanner import services
    from tourplanner.store.db import make_engine, transaction
    from tourplanner.store.tables import TripRow, TripVersionRow, TripVisitRow

    subprocess.run([str(BIN / "tourplanner"), "init"], env=env, check=True, capture_output=True)
    engine = make_engine(url)
    try:
        services.create_operator(engine, EMAIL, PASSWORD, role="admin")
        for request, count in ((MS30, trips), (VISITS_SITE, visiting)):
            template = services.create_trip(engine, request, TODAY)
            with Session(engine) as session:
                trip = session.execute(select(TripRow).where(TripRow.token == template.token)).scalar_one()
                version = session.execute(select(TripVersionRow).where(TripVersionRow.trip_id == trip.id)).scalar_one()
                stops = session.execute(select(TripVisitRow).where(TripVisitRow.trip_id == trip.id)).scalars().all()
            for start in range(0, count - 1, 1000):
                size = min(1000, count - 1 - start)
                with transaction(engine) as session:
                    ids = session.execute(insert(TripRow).returning(TripRow.id, sort_by_parameter_order=True), [
                        {"token": services.new_token(), "launch_id": trip.launch_id, "version": 1,
                         "created_at": trip.created_at, "updated_at": trip.updated_at} for _ in range(size)
                    ]).scalars().all()
                    session.execute(insert(TripVersionRow), [
                        {"trip_id": i, "version": 1, "reason": "created", "request": version.request,
                         "itinerary": version.itinerary, "revisions": version.revisions,
                         "created_at": version.created_at} for i in ids])
                    if stops:
                        session.execute(insert(TripVisitRow), [
                            {"trip_id": i, "site_id": s.site_id, "day": s.day} for i in ids for s in stops])
    finally:
        engine.dispose()


def marked(url: str) -> int:
    from tourplanner.services.replan import marked_count
    from tourplanner.store.db import make_engine

    engine = make_engine(url)
    try:
        return marked_count(engine)
    finally:
        engine.dispose()


# -- the operator, over HTTP ---------------------------------------------------------------------------

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Operator:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect())

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return str(response.read().decode())

    def post(self, path: str, fields: dict[str, str]) -> int:
        return self.post_page(path, fields)[0]

    def post_page(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=data), timeout=120) as response:
                return int(response.status), str(response.read().decode())
        except urllib.error.HTTPError as error:  # 303 (not followed) and errors alike
            return int(error.code), ""

    def csrf(self, path: str) -> str:
        match = re.search(r'name="csrf_token" value="([^"]+)"', self.get(path))
        assert match, f"no form on {path}"
        return match.group(1)

    def sign_in(self) -> None:
        status = self.post("/operator/login", {"email": EMAIL, "password": PASSWORD,
                                               "csrf_token": self.csrf("/operator/login")})
        assert status == 303, f"sign-in answered {status}"

    def move(self, net_local: str) -> tuple[float, float, int]:
        """The launch form as an operator uses it: open the editor, POST the new NET (the preview, which
        counts the trips), then press Apply. Answers (preview ms, apply ms, trips the preview counted)."""
        page = self.get(f"{LAUNCH_PAGE}")
        fields = dict(hidden_fields(page, '<form method="post" class="card"'), net_local=net_local, status="Go", precision="minute")
        started = time.perf_counter()
        status, preview = self.post_page(LAUNCH_PAGE, fields)
        preview_ms = (time.perf_counter() - started) * 1000
        assert status == 200, f"the preview answered {status}"
        counted = int(re.search(r'id="affected-count">([\d,]+)<', preview).group(1).replace(",", ""))  # type: ignore[union-attr]
        apply_fields = hidden_fields(preview, f'action="{LAUNCH_PAGE}/apply"')
        started = time.perf_counter()
        status = self.post(f"{LAUNCH_PAGE}/apply", apply_fields)
        apply_ms = (time.perf_counter() - started) * 1000
        assert status == 303, f"the apply answered {status}"
        return preview_ms, apply_ms, counted


LAUNCH_PAGE = "/operator/launches/soyuz-ms-30"


def hidden_fields(page: str, marker: str) -> dict[str, str]:
    """The hidden inputs of the form that starts at `marker` (CSRF token, the record, its ETag...)."""
    start = page.index(marker)
    form = page[start:page.index("</form>", start)]
    return {name: html.unescape(value) for name, value in
            re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}


def wait_http(base: str, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=5).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def shut_down(server: subprocess.Popen[bytes], workers: list[subprocess.Popen[bytes]], kind: str, redis: str,
              namespace: str) -> None:
    """Stop the workers, then the server, and drop the run's Redis keys (PostgreSQL runs use the queue)."""
    for worker in workers:
        stop(worker)
    stop(server)
    if kind == "postgres":
        cleanup_redis(redis, namespace)


# -- one run -------------------------------------------------------------------------------------------

def run(kind: str, processes: int, trips: int, moves: int, postgres: str, redis: str, folder: Path,
        budget: float) -> Run:
    result = Run(kind, processes, 2, trips, load_before=os.getloadavg()[0])
    namespace = f"bench-fanout-{uuid.uuid4().hex[:8]}"
    with database(kind, postgres, folder) as url:
        env = env_for(url, redis if kind == "postgres" else None, namespace)
        seed(url, trips, 0, env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # SQLite: the jobs run in gunicorn's processes; PostgreSQL: 2 web processes and N workers.
        web_processes = processes if kind == "sqlite" else 2
        server = subprocess.Popen([str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers",
                                   str(web_processes), "--log-level", "warning", "tourplanner:create_app()"],
                                  env=env)
        workers = [subprocess.Popen([str(BIN / "tourplanner"), "worker"], env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL) for _ in range(processes if kind == "postgres" else 0)]
        try:
            wait_http(base)
            for _ in range(8 * web_processes):  # every process has served a request: its job threads run
                urllib.request.urlopen(base + "/healthz", timeout=30).read()
            operator = Operator(base)
            operator.sign_in()
            preview_ms, apply_ms, counted = operator.move("2027-03-01T14:30")
            assert counted == trips, f"the preview counted {counted} trips, not {trips}"
            result.preview_ms.append(preview_ms)
            result.move_ms.append(apply_ms)
            started = time.perf_counter()
            left = trips
            while left and time.perf_counter() - started < budget:
                time.sleep(0.5)
                left = marked(url)
            result.waited_s = time.perf_counter() - started
            result.updated = trips - left
            for n in range(1, moves):  # more moves, while workers are busy with the previous one
                preview_ms, apply_ms, _ = operator.move(f"2027-03-01T{14 + n % 5:02d}:{(7 * n) % 60:02d}")
                result.preview_ms.append(preview_ms)
                result.move_ms.append(apply_ms)
        finally:
            shut_down(server, workers, kind, redis, namespace)
    result.load_after = os.getloadavg()[0]
    return result


def cleanup_redis(url: str, namespace: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{namespace}*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


def reopen(engine: Engine, site_id: str) -> None:
    """Take the bench's closure and marks away again, in a new catalogue revision: a closure only marks the
    trips on days it newly closes, so each repeat must find the day open and the trips unmarked."""
    from sqlalchemy import delete

    from tourplanner.store import revision
    from tourplanner.store.db import transaction
    from tourplanner.store.tables import ClosureRow, TripMarkRow

    with transaction(engine) as session:
        session.execute(delete(ClosureRow).where(ClosureRow.site_id == site_id))  # type: ignore[arg-type]
        session.execute(delete(TripMarkRow))
        revision.bump(session)


def closure(kind: str, trips: int, postgres: str, folder: Path, repeat: int = 5) -> Closure:
    """A closure of a site 1 % of the trips visit: time to find them (index) and to commit change + marks."""
    from sqlmodel import Session

    from tourplanner import services
    from tourplanner.services import replan
    from tourplanner.store.db import make_engine

    visiting = max(1, trips // 100)
    with database(kind, postgres, folder) as url:
        seed(url, trips - visiting, visiting, env_for(url, None, "unused"))
        engine = make_engine(url)
        try:
            day = next(date.fromisoformat(d["date"]) for d in services.create_trip(engine, VISITS_SITE, TODAY)
                       .itinerary["days"] for i in d["items"] if i.get("site") == CLOSED_SITE)
            find, mark = [], []
            for n in range(repeat):
                started = time.perf_counter()
                with Session(engine) as session:
                    found = replan.trips_visiting(session, CLOSED_SITE, day, day)
                find.append((time.perf_counter() - started) * 1000)
                assert len(found) == visiting + 1, len(found)
                started = time.perf_counter()
                result = services.add_closure(engine, CLOSED_SITE, day, day, f"bench {n}")
                mark.append((time.perf_counter() - started) * 1000)
                assert result.affected == visiting + 1, result.affected
                reopen(engine, CLOSED_SITE)
        finally:
            engine.dispose()
    return Closure(kind, trips + 1, visiting + 1, find, mark)


def replan_cost(repeat: int = 15) -> tuple[float, float]:
    """(ms to plan the benchmark trip, ms to load the catalogue from SQLite) medians."""
    from tourplanner import services
    from tourplanner.store.db import make_engine

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'cost.sqlite'}"
        subprocess.run([str(BIN / "tourplanner"), "init"], env=dict(os.environ, TOURPLANNER_DATABASE_URL=url),
                       check=True, capture_output=True)
        engine = make_engine(url)
        catalogue = services.load_catalogue(engine)
        plans, loads = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            services.plan(catalogue, MS30, TODAY)
            plans.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            services.load_catalogue(engine)
            loads.append((time.perf_counter() - started) * 1000)
        engine.dispose()
    return statistics.median(plans), statistics.median(loads)


# -- report --------------------------------------------------------------------------------------------

def render(runs: list[Run], closures: list[Closure], cost: tuple[float, float], command: str, note: str) -> str:
    lines = [HEADING, "",
             (f"`{command}` ({platform.python_version()}, {os.cpu_count()} CPUs shared with other work: load "
             f"averages before/after each run are in the table). {note}"), "",
             ("An operator moves Soyuz MS-30 through the web form under gunicorn; every trip depends on it. "
             "SQLite: jobs on 2 threads inside each gunicorn process (no queue). PostgreSQL: Redis queue, "
             "2 gunicorn processes for the web, N `tourplanner worker` processes of 2 threads. The form is "
             "two POSTs: the preview (validates, counts the trips, lists the first 100) and Apply (the move: "
             "validated again, written with its log entry, slip and the marks, one transaction). Times are "
             "the POSTs' answer times over the moves (the first on a quiet system, the rest while workers "
             "re-plan); \"all updated\" is from the first move's answer until no trip is marked (when the "
             "time budget ran out first: the rate measured so far, projected to all trips)."), "",
             ("| database | worker processes | trips | moves | preview p50 ms | Apply (move) p50 ms | "
              "Apply max ms | all updated s | trips/s per worker | load before/after |"),
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in runs:
        lines.append(f"| {r.database} | {r.processes} | {r.trips:,} | {len(r.move_ms)} | "
                     f"{statistics.median(r.preview_ms):.0f} | "
                     f"{statistics.median(r.move_ms):.0f} | {max(r.move_ms):.0f} | {r.all_updated} | "
                     f"{r.per_worker:.1f} | {f'{r.load_before:.1f} / {r.load_after:.1f}' if r.load_before else '-'} |")
    lines += ["", ("A closure of a site that 1 % of the trips visit: finding them through the `trip_visit` "
              "index, and the whole change (closure, log entry, marks) committed, medians of 5:"), "",
              "| database | trips | visiting | find ms | find + mark + commit ms |", "|---|---:|---:|---:|---:|"]
    for c in closures:
        lines.append(f"| {c.database} | {c.trips:,} | {c.visiting} | {statistics.median(c.find_ms):.1f} | "
                     f"{statistics.median(c.mark_ms):.1f} |")
    plan_ms, load_ms = cost
    lines += ["", (f"One re-plan of the benchmark trip: {plan_ms:.0f} ms of planning; loading the catalogue "
              f"takes {load_ms:.0f} ms more, which the jobs now pay once per catalogue revision per process "
              "instead of once per trip (median of 15, SQLite).")]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--trips", type=int, default=10_000)
    parser.add_argument("--moves", type=int, default=5)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--budget", type=float, default=1800, help="seconds to wait for a fan-out to finish")
    parser.add_argument("--note", default="", help="what to say about the machine's load")
    parser.add_argument("--no-closures", action="store_true", help="skip the closure measurements")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    runs: list[Run] = []
    closures: list[Closure] = []
    cost = replan_cost()
    given = sys.argv[1:] if argv is None else argv
    command = "python bench/fanout.py" + (" " + shlex.join(given) if given else "")
    with tempfile.TemporaryDirectory() as folder:
        for processes in args.processes:  # alternate the databases, so load drifts hit both
            for kind in args.databases:
                run_ = run(kind, processes, args.trips, args.moves, args.postgres, args.redis, Path(folder),
                           args.budget)
                print(f"{kind} x{processes}: preview {[round(m) for m in run_.preview_ms]} ms, apply "
                      f"{[round(m) for m in run_.move_ms]} ms, all updated {run_.all_updated} s "
                      f"({run_.per_worker:.1f} trips/s per worker; load {run_.load_before:.1f} / "
                      f"{run_.load_after:.1f})", flush=True)
                runs.append(run_)
                write_section(HEADING, render(runs, closures, cost, command, args.note), args.results)
        for kind in args.databases if not args.no_closures else []:
            closures.append(closure(kind, args.trips, args.postgres, Path(folder)))
            print(f"closure {kind}: mark {statistics.median(closures[-1].mark_ms):.0f} ms", flush=True)
    write_section(HEADING, render(runs, closures, cost, command, args.note), args.results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
