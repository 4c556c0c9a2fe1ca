"""Errors answer JSON under /api and a page elsewhere; no stack traces reach users."""
from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from ..store.faults import Fault, classify

RETRY_AFTER_SECONDS = 30
# In the traveller's words: what happened, that nothing was half-saved, and when to try again.
_FAULT_WORDS = {
    Fault.UNAVAILABLE: "The database is not answering right now.",
    Fault.READ_ONLY: "The database is read-only right now (maintenance).",
    Fault.FULL: "The database has no room left right now.",
    Fault.NO_SCHEMA: "The site is being set up.",
}


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

    @app.errorhandler(SQLAlchemyError)
    def database_error(error: SQLAlchemyError) -> Response | tuple[Response | str, int]:
        """The database's state (down, read-only, full): 503 with Retry-After; nothing was saved,
        because every write is one transaction. Other database errors are bugs: 500 below."""
        fault = classify(error)
        if fault is None:
            return unexpected(error)
        app.logger.error("database %s on %s: %s", fault.value, request.path, getattr(error, "orig", error))
        message = f"{_FAULT_WORDS[fault]} Nothing was saved; please try again in a minute."
        if _wants_json():
            response = jsonify({"error": "Service Unavailable", "message": message})
        else:
            response = make_response(render_template("error.html", code=503, title="Back in a moment",
                                                     message=message))
        response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[Response | str, int]:
        app.logger.exception("unhandled error on %s", request.path)
        if _wants_json():
            return jsonify({"error": "Internal Server Error", "message": "Something went wrong on our side."}), 500
        return render_template("error.html", code=500, title="Something went wrong",
                               message="Something went wrong on our side; nothing was saved."), 500
