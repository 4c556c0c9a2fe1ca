"""solver/ and planning/ stay pure: no web, database, map or calendar imports (DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tourplanner"
PURE = ("solver", "planning")
FORBIDDEN = (
    "flask",
    "sqlmodel",
    "sqlalchemy",
    "folium",
    "icalendar",
    "tourplanner.store",
    "tourplanner.web",
    "tourplanner.exports",
)


def imported(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, absolute name) of every module or name imported by `source`, the code of `module`."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                target = ".".join(parts + ([node.module] if node.module else []))
            found.append((node.lineno, target))
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def forbidden(name: str) -> bool:
    return any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)


def test_pure_packages_import_no_framework() -> None:
    files = [f for sub in PURE for f in sorted((PACKAGE / sub).rglob("*.py"))]
    assert any(f.parent.name == "solver" for f in files)
    offenders = []
    for path in files:
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = path.name == "__init__.py"
        if is_package:
            module = module.removesuffix(".__init__")
        for line, name in imported(path.read_text(), module, is_package):
            if forbidden(name):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}")
    assert offenders == []


def test_the_check_catches_absolute_relative_and_nested_imports() -> None:
    source = (
        "from ..store import db\n"
        "import folium.plugins\n"
        "from .. import web\n"
        "def f():\n"
        "    from flask import g\n"
        "from . import travel\n"
        "import flask_like\n"
    )
    names = {name for _, name in imported(source, "tourplanner.planning.planner") if forbidden(name)}
    assert names == {
        "tourplanner.store",
        "tourplanner.store.db",
        "folium.plugins",
        "tourplanner.web",
        "flask",
        "flask.g",
    }
