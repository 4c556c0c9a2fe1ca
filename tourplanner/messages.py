"""Messages that read as English now and can be translated later, where the reader's language is known.

The catalogue's validator (store/) and the edit services speak to operators but know nothing of
requests or languages. A `Msg` is a plain `str` (the English text: what the seed loader prints and
what tests compare) that also keeps its template and parameters, so the web layer can render the
same message through gettext at display time (`web/operator/words.say`). Templates use str.format
fields ("{value!r}"); `make i18n-extract` finds them as `_l("...")` calls (import Msg as _l).
"""
from __future__ import annotations

from typing import Any, Self


class Msg(str):
    """English text plus the msgid and parameters it was made from."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Self:
        self = super().__new__(cls, template.format(**params) if params else template)
        self.template = template
        self.params = params
        return self

    def worded(self, english: str) -> Msg:
        """The same translatable message with other English words (a library's own, kept for its readers)."""
        other = str.__new__(Msg, english)
        other.template, other.params = self.template, self.params
        return other

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles keep the template
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Msg:
    return Msg(template, **params)
