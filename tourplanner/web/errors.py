"""Errors answer JSON under /api and a page elsewhere; no stack traces reach users."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response | str, int]:
        code = error.code or 500
        if _wants_json():
            return jsonify({"error": error.name, "message": error.description}), code
        return render_template("error.html", code=code, title=error.name, message=error.description), code

    from ..services import VersionConflict

    @app.errorhandler(VersionConflict)
    def conflict(error: VersionConflict) -> tuple[Response | str, int]:
        message = "The trip was changed by someone else meanwhile; reload it and try again."
        if _wants_json():
            return jsonify({"error": "Conflict", "message": message}), 409
        return render_template("error.html", code=409, title="Changed meanwhile", message=message), 409

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[Response | str, int]:
        app.logger.exception("unhandled error on %s", request.path)
        if _wants_json():
            return jsonify({"error": "Internal Server Error", "message": "Something went wrong on our side."}), 500
        return render_template("error.html", code=500, title="Something went wrong",
                               message="Something went wrong on our side; nothing was saved."), 500
