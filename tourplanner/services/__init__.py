"""Use cases that own their transaction, shared by the web layer and the CLI.

Each takes the engine and plain values (the acting operator is an argument, never read from a
request), opens one transaction and either completes or leaves the database as it was. Split by
subject: catalogue, trips, launches, closures, operators; re-planning of saved trips in replan.
"""
from .catalogue import current_catalogue, init_database, load_catalogue, upcoming_launches
from .closures import add_closure
from .launches import ChangeResult, count_trips_for_launch, move_launch
from .operators import (
    Operator,
    OperatorError,
    authenticate,
    create_operator,
    end_sessions,
    find_operator,
    get_operator,
    list_operators,
    operator_email,
    set_active,
    set_password,
    set_role,
)
from .replan import bring_up_to_date, recent_changes
from .trips import (
    TripForbidden,
    TripNotFound,
    TripView,
    VersionConflict,
    create_trip,
    get_trip,
    new_token,
    plan,
    replan_trip,
)

__all__ = [
    "ChangeResult",
    "Operator",
    "OperatorError",
    "TripForbidden",
    "TripNotFound",
    "TripView",
    "VersionConflict",
    "add_closure",
    "authenticate",
    "bring_up_to_date",
    "count_trips_for_launch",
    "create_operator",
    "create_trip",
    "current_catalogue",
    "end_sessions",
    "find_operator",
    "get_operator",
    "get_trip",
    "init_database",
    "list_operators",
    "load_catalogue",
    "move_launch",
    "new_token",
    "operator_email",
    "plan",
    "recent_changes",
    "replan_trip",
    "set_active",
    "set_password",
    "set_role",
    "upcoming_launches",
]
