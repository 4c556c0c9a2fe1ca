"""A bare Flask app that answers captured bytes: the ceiling bench/web.py measures the app against.

    gunicorn 'bare_app:create()' --chdir bench   (TOURPLANNER_BARE_CAPTURE=/path/to/capture.json)

The capture maps a path to the status, content type and a file holding the exact bytes the real app
answered; this app returns them as they are, doing nothing else a request could cost.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from flask import Flask, Response


def create() -> Flask:
    capture = Path(os.environ["TOURPLANNER_BARE_CAPTURE"])
    answers = {path: (entry["status"], entry["type"], (capture.parent / entry["file"]).read_bytes())
               for path, entry in json.loads(capture.read_text()).items()}
    app = Flask("bare")

    @app.get("/healthz")
    def healthz() -> Response:
        return Response("ok", content_type="text/plain")

    @app.get("/<path:path>")
    def answer(path: str) -> Response:
        status, mimetype, body = answers["/" + path]
        return Response(body, status=status, content_type=mimetype)

    return app
