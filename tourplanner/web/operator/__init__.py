"""Operator pages, one module per subject: launches, sites (hours, closures, rules), accounts, history.

All share one blueprint ("operator", under /operator) so endpoint names stay `operator.<view>`.
"""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("operator", __name__, url_prefix="/operator")

from . import accounts, common, dashboard, launches, rules, sites, words  # noqa: F401  (register the views on bp)

bp.record_once(lambda setup: words.init_app(setup.app))
