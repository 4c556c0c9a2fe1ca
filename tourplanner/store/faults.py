"""What a database error means for the person waiting: no schema yet, unreachable, read-only or full.

The web layer turns these into 503 with Retry-After (they pass by themselves or by an operator's
hand, never by the traveller changing the request); the CLI into one line and a non-zero exit.
Anything else is a bug and stays a 500 with a log entry.
"""
from __future__ import annotations

from enum import Enum

from sqlalchemy import exc


class Fault(Enum):
    NO_SCHEMA = "no_schema"
    UNAVAILABLE = "unavailable"
    READ_ONLY = "read_only"
    FULL = "full"


# PostgreSQL SQLSTATEs: 42P01 undefined table; 25006 read-only transaction; 53xxx insufficient
# resources (53100 disk full); 57P0x shutdown/cannot connect now; 08xxx connection exceptions.
_SQLSTATE = {"42P01": Fault.NO_SCHEMA, "42703": Fault.NO_SCHEMA, "3F000": Fault.NO_SCHEMA,
             "25006": Fault.READ_ONLY, "53100": Fault.FULL}
_SQLSTATE_PREFIX = {"53": Fault.FULL, "57P": Fault.UNAVAILABLE, "08": Fault.UNAVAILABLE}
# SQLite: the result code's name (sqlite3 errors carry it), and the words of a missing schema.
_SQLITE_CODES = (("SQLITE_READONLY", Fault.READ_ONLY), ("SQLITE_FULL", Fault.FULL), ("SQLITE_IOERR", Fault.FULL),
                 ("SQLITE_CANTOPEN", Fault.UNAVAILABLE), ("SQLITE_BUSY", Fault.UNAVAILABLE),
                 ("SQLITE_LOCKED", Fault.UNAVAILABLE), ("SQLITE_NOTADB", Fault.UNAVAILABLE))


def classify(error: BaseException) -> Fault | None:
    """The fault behind a SQLAlchemy error, or None when it is not the database's state (a bug)."""
    if isinstance(error, exc.TimeoutError):  # the pool had no connection for us in time
        return Fault.UNAVAILABLE
    if not isinstance(error, exc.DBAPIError):
        return None
    if error.connection_invalidated:
        return Fault.UNAVAILABLE
    code = getattr(error.orig, "sqlstate", None)
    if isinstance(code, str):
        if code in _SQLSTATE:
            return _SQLSTATE[code]
        for prefix, fault in _SQLSTATE_PREFIX.items():
            if code.startswith(prefix):
                return fault
    name = getattr(error.orig, "sqlite_errorname", None)
    if isinstance(name, str):
        for prefix, fault in _SQLITE_CODES:
            if name.startswith(prefix):
                return fault
        message = str(error.orig).lower()
        return Fault.NO_SCHEMA if "no such table" in message or "no such column" in message else None
    if code is None and isinstance(error, (exc.OperationalError, exc.InterfaceError)):
        return Fault.UNAVAILABLE  # psycopg: connection refused, server closed the connection, ...
    return None


def explain(fault: Fault) -> str:
    """One sentence for an operator at a terminal."""
    return {
        Fault.NO_SCHEMA: "the database schema is missing or out of date: run `tourplanner init` first",
        Fault.UNAVAILABLE: "cannot reach the database (is it running, and is TOURPLANNER_DATABASE_URL right?)",
        Fault.READ_ONLY: "the database is read-only: nothing can be saved",
        Fault.FULL: "the database is full (disk or quota): nothing can be saved",
    }[fault]
