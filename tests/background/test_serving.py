"""Job threads of a serving process: under gunicorn they start when the worker boots (a restarted
server resumes marked trips before anyone visits), and every started runtime can be stopped (tests
stop them before dropping the database they poll)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from test_workers import MS30, TODAY, marked, move_ms30, wait_for

from tourplanner import background, create_app, services
from tourplanner.background.runtime import Runtime


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_gunicorn_workers_start_their_job_threads_at_boot_without_a_request(engine: Engine, database_url: str,
                                                                           tmp_path: Path) -> None:
    tokens = [services.create_trip(engine, MS30, TODAY).token for _ in range(2)]
    assert move_ms30(engine, 4) == 2  # marked while the server was down
    env = {**os.environ, "TOURPLANNER_DATABASE_URL": database_url, "TOURPLANNER_QUEUE_URL": "",
           "TOURPLANNER_TILES": "none", "TOURPLANNER_SECRET_KEY": "s" * 40, "TOURPLANNER_SWEEP_SECONDS": "0.5"}
    log = tmp_path / "gunicorn.log"
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--workers", "1", "--bind",
                               f"127.0.0.1:{_free_port()}", "tourplanner:create_app()"], env=env,
                              stdout=log.open("ab"), stderr=subprocess.STDOUT)
    try:  # no request is ever sent: only threads started at boot can update the trips
        wait_for(lambda: marked(engine) == 0, "gunicorn's job threads to update the trips", limit=120)
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert all(services.get_trip(engine, t).version == 2 for t in tokens)
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


def _job_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "tourplanner-scheduler" and t.is_alive()]


def test_stop_all_stops_the_threads_an_app_started_on_its_first_request(database_url: str) -> None:
    before = len(_job_threads())
    app: Any = create_app({"database_url": database_url, "tiles": None, "secret_key": "k" * 32})
    assert app.test_client().get("/healthz").status_code == 200
    runtime: Runtime = app.extensions["tourplanner.background"]
    assert runtime is not None and runtime.worker is not None and len(_job_threads()) == before + 1
    background.stop_all()
    assert runtime.worker is None and len(_job_threads()) == before
    app.extensions["tourplanner"].engine.dispose()
