"""bench/RESULTS.md is shared by every benchmark: each one replaces only its own "## ..." section."""
from __future__ import annotations

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(heading: str, section: str, path: Path = RESULTS) -> None:
    """Replace the section that starts with `heading` (or append it), leaving the others alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n\n"
    match = re.search(rf"^{re.escape(heading)}[ \t]*$", text, flags=re.MULTILINE)
    if match is None:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        following = re.search(r"^## ", text[match.end():], flags=re.MULTILINE)
        end = match.end() + following.start() if following else len(text)
        rest = text[end:]
        text = text[: match.start()] + section.rstrip("\n") + ("\n\n" + rest if following else "\n")
    path.write_text(text, encoding="utf-8")
