"""Where the files that ship inside the package live (templates, data, migrations, static, translations)."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
DATA_DIR = PACKAGE_DIR / "data"
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
STATIC_DIR = PACKAGE_DIR / "static"
TRANSLATIONS_DIR = PACKAGE_DIR / "translations"  # gettext catalogues: <lang>/LC_MESSAGES/messages.{po,mo}
SEED_FILE = DATA_DIR / "sites.json"
