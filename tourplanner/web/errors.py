"""Errors answer JSON under /api and a page elsewhere; no stack traces reach users."""
from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from ..store.faults import Fault, classify

RETRY_AFTER_SECONDS = 30
# In the traveller's words: what happened, that nothing was half-saved, and when to try again.
_FAULT_WORDS = {
    Fault.UNAVAILABLE: _l("The database is not answering right now."),
    Fault.READ_ONLY: _l("The database is read-only right now (maintenance)."),
    Fault.FULL: _l("The database has no room left right now."),
    Fault.NO_SCHEMA: _l("The site is being set up."),
}
# Error pages' titles and werkzeug's stock descriptions in the page's language (JSON keeps werkzeug's).
_TITLES = {400: _l("Bad request"), 403: _l("Not allowed"), 404: _l("Not found"), 405: _l("Not allowed here"),
           409: _l("Changed meanwhile"), 413: _l("Too large"), 415: _l("Unsupported form"),
           422: _l("Cannot be done"), 429: _l("Too many requests"), 500: _l("Something went wrong"),
           503: _l("Back in a moment")}
_STOCK = {400: _l("The request could not be understood. Please go back and try again."),
          404: _l("There is nothing at this address. Check that the link was copied whole."),
          405: _l("This address does not take that kind of request."),
          413: _l("That is more than this site accepts at once."),
          429: _l("Too many requests from your address; please wait a few minutes and try again.")}


def _page_words(error: HTTPException) -> tuple[str, str]:
    """Title and message of an error page: ours, translated; werkzeug's stock English replaced."""
    code = error.code or 500
    title = str(_TITLES.get(code, error.name))
    stock = type(error).description
    if error.description == stock or not error.description:
        return title, str(_STOCK.get(code, error.description or ""))
    return title, str(error.description)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response | str, int]:
        code = error.code or 500
        if _wants_json():
            return jsonify({"error": error.name, "message": error.description}), code
        title, message = _page_words(error)
        return render_template("error.html", code=code, title=title, message=message), code

    from ..services import VersionConflict

    @app.errorhandler(VersionConflict)
    def conflict(error: VersionConflict) -> tuple[Response | str, int]:
        message = _("The trip was changed by someone else meanwhile; reload it and try again.")
        if _wants_json():
            return jsonify({"error": "Conflict", "message": message}), 409
        return render_template("error.html", code=409, title=_("Changed meanwhile"), message=message), 409

    @app.errorhandler(SQLAlchemyError)
    def database_error(error: SQLAlchemyError) -> Response | tuple[Response | str, int]:
        """The database's state (down, read-only, full): 503 with Retry-After; nothing was saved,
        because every write is one transaction. Other database errors are bugs: 500 below."""
        fault = classify(error)
        if fault is None:
            return unexpected(error)
        app.logger.error("database %s on %s: %s", fault.value, request.path, getattr(error, "orig", error))
        message = _("%(fault)s Nothing was saved; please try again in a minute.", fault=_FAULT_WORDS[fault])
        if _wants_json():
            response = jsonify({"error": "Service Unavailable", "message": message})
        else:
            response = make_response(render_template("error.html", code=503, title=_("Back in a moment"),
                                                     message=message))
        response.status_code = 503
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[Response | str, int]:
        app.logger.exception("unhandled error on %s", request.path)
        if _wants_json():
            return jsonify({"error": "Internal Server Error", "message": "Something went wrong on our side."}), 500
        return render_template("error.html", code=500, title=_("Something went wrong"),
                               message=_("Something went wrong on our side; nothing was saved.")), 500
