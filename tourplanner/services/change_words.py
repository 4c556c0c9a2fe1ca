"""A catalogue change's public summary in the reader's language, re-worded from what the change row keeps.

The edit services store an English summary with each change (site_edits/launch_edits/rule_edits
`summary`); it is what the API, the seed tools and the tests read. A Russian or Kazakh page words the
same change again from the row's record and before/after JSON, through the planning core's gettext
(the language of the current piece of work). English readers, and any record this module cannot read,
get the stored summary unchanged.
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from ..planning.describe import status_words
from ..planning.i18n import _l, day_month_year, english, gettext, language
from .edits import changed_fields

#: Words for each changed field of a site, in the order travellers read them (site_edits.WORDS).
SITE_WORDS = (("hours", _l("opening hours")), ("yearly_closures", _l("yearly closures")),
              ("visit_minutes", _l("visit length")), ("lat", _l("position")), ("lon", _l("position")),
              ("timezone", _l("time zone")), ("name", _l("name")), ("name_ru", _l("name")), ("name_kk", _l("name")),
              ("description", _l("description")), ("address", _l("address")),
              ("what_to_bring", _l("what to bring")), ("sources", _l("sources")))


def change_words(record: str, before: dict[str, Any] | None, after: dict[str, Any] | None, stored: str) -> str:
    """`stored` in the current language: the same facts, re-worded; `stored` itself in English."""
    if english() or not after:
        return stored
    kind = record.partition(":")[0]
    try:
        if kind == "site":
            return _site(before, after)
        if kind == "launch":
            return _launch(before, after)
        if kind == "rule":
            return _rule(before, after)
    except (KeyError, TypeError, ValueError):  # an older row's shape: its English words stay
        pass
    return stored


def _text(item: dict[str, Any], field: str) -> str:
    """The field in the current language when the record has it (`name_ru`, `reason_i18n`), else English."""
    translated = item.get(f"{field}_{language()}") or (item.get(f"{field}_i18n") or {}).get(language())
    return str(translated or item[field])


def _dates(closure: dict[str, Any]) -> str:
    start, end = date.fromisoformat(closure["start"]), date.fromisoformat(closure["end"])
    if start == end:
        return day_month_year(start)
    return gettext("%(start)s to %(end)s", start=day_month_year(start), end=day_month_year(end))


def _site(before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    name = _text(after, "name")
    if before is None:
        return gettext("%(name)s: new site", name=name)
    changed = changed_fields(before, after)
    old, new = before.get("closures", []), after.get("closures", [])
    parts = [gettext("closed %(dates)s (%(reason)s)", dates=_dates(c), reason=_text(c, "reason"))
             for c in new if c not in old]
    parts += [gettext("closure of %(dates)s lifted", dates=_dates(c)) for c in old if c not in new]
    words: list[str] = []
    for key, word in SITE_WORDS:
        if key in changed and gettext(word) not in words:
            words.append(gettext(word))
    if "closures" in changed and not parts:
        words.insert(0, gettext("closures"))
    if "retired" in changed:
        parts.append(gettext("no longer offered") if after.get("retired") else gettext("offered again"))
    if not parts and not words and changed:
        words.append(gettext("details"))
    if words:
        parts.append(gettext("changed: %(what)s", what=", ".join(words)))
    return f"{name}: {'; '.join(parts) or gettext('no change')}"


def _net(value: str) -> str:
    moment = datetime.fromisoformat(value).astimezone(UTC)
    return f"{day_month_year(moment.date())} {moment:%H:%M} UTC"


def _launch(before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    mission = str(after["mission"])
    if before is None:
        return gettext("%(mission)s: new launch, NET %(net)s", mission=mission, net=_net(after["net"]))
    parts = []
    if before["net"] != after["net"]:
        parts.append(gettext("moved from %(old)s to %(new)s", old=_net(before["net"]), new=_net(after["net"])))
    if before.get("status") != after.get("status"):
        parts.append(gettext("status now %(status)s", status=status_words(str(after["status"]))))
    if (before.get("window_start"), before.get("window_end")) != (after.get("window_start"), after.get("window_end")):
        parts.append(gettext("launch window changed"))
    if any(before.get(k) != after.get(k) for k in ("rollout_days_before", "rollout_local_time")):
        parts.append(gettext("roll-out changed"))
    if before.get("pad") != after.get("pad"):
        parts.append(gettext("pad changed"))
    return f"{mission}: {', '.join(parts) or gettext('details changed')}"


def _rule(before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    title = _text(after, "title")
    if before is None:
        return gettext("%(title)s: new visitor rule", title=title)
    return gettext("%(title)s: visitor rule changed", title=title)
