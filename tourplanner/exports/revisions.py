"""Calendar revisions: SEQUENCE and LAST-MODIFIED per calendar entry, kept with each trip version.

A Revision remembers a hash of what a calendar shows for one entry (keyed by the item's stable
`key`, or `ical.deadline_key` for deadlines). Re-planning keeps sequence and last_modified of the
entries that look the same and bumps the others, so clients that honour UID + SEQUENCE replace
exactly the events that changed. Pure: the store decides where the JSON lives.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tourplanner.planning.model import Catalogue, Itinerary


@dataclass(frozen=True)
class Revision:
    fingerprint: str
    sequence: int
    last_modified: datetime  # aware


def revise_fingerprints(previous: Mapping[str, Revision], fingerprints: Mapping[str, str],
                        now: datetime) -> dict[str, Revision]:
    """New revisions for entries given as key -> fingerprint.

    Unchanged fingerprint: the previous revision as is. Changed: sequence + 1, last_modified = now.
    New key: sequence 0, last_modified = now. Keys no longer present are dropped.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    result: dict[str, Revision] = {}
    for key, fingerprint in fingerprints.items():
        old = previous.get(key)
        if old is None:
            result[key] = Revision(fingerprint, 0, now)
        elif old.fingerprint == fingerprint:
            result[key] = old
        else:
            result[key] = Revision(fingerprint, old.sequence + 1, now)
    return result


def revise(previous: Mapping[str, Revision], itinerary: Itinerary, now: datetime, *,
           catalogue: Catalogue | None = None) -> dict[str, Revision]:
    """Revisions of every calendar entry of `itinerary`, given those of the previous version.

    With `catalogue` the fingerprint covers everything the calendar shows (site names, address,
    access rules, launch status); without it only what the itinerary itself holds. Use one way
    consistently for a trip (passing the catalogue is recommended), or every entry looks changed once.
    """
    from tourplanner.exports.ical import itinerary_entries  # ical imports this module's types

    entries = itinerary_entries(itinerary, catalogue)
    return revise_fingerprints(previous, {e.key: e.fingerprint() for e in entries}, now)


def revisions_to_json(revisions: Mapping[str, Revision]) -> dict[str, dict[str, Any]]:
    """JSON-ready data for a JSON column (`json.dumps` it for a text one)."""
    return {key: {"fingerprint": r.fingerprint, "sequence": r.sequence,
                  "last_modified": r.last_modified.isoformat()}
            for key, r in sorted(revisions.items())}


def revisions_from_json(data: Mapping[str, Any] | str | bytes) -> dict[str, Revision]:
    """The inverse of `revisions_to_json`, from the data or its JSON text; ValueError when malformed."""
    if isinstance(data, str | bytes):
        data = json.loads(data)
    if not isinstance(data, Mapping):
        raise ValueError("revisions JSON must be an object")  # noqa: TRY004 - bad data, not a bad call
    result: dict[str, Revision] = {}
    for key, row in data.items():
        try:
            last_modified = datetime.fromisoformat(row["last_modified"])
            sequence = int(row["sequence"])
            fingerprint = str(row["fingerprint"])
        except (KeyError, TypeError) as exc:
            raise ValueError(f"revision {key!r} is malformed: {exc!r}") from exc
        if last_modified.tzinfo is None or sequence < 0:
            raise ValueError(f"revision {key!r} needs an aware last_modified and a sequence >= 0")
        result[str(key)] = Revision(fingerprint, sequence, last_modified)
    return result
