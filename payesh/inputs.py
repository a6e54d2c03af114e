"""Text that arrives from outside, refused before anything reads it when it could only do harm.

- A NUL character (0x00): PostgreSQL stores and compares no text holding one (psycopg2 raises), so
  a NUL that reached a lookup or a save was a 500 on PostgreSQL and passed on SQLite. Django's
  form fields refuse it, but not query parameters, path parts, cookies or JSON. Every door refuses
  it here: payesh.middleware.NulRefusalMiddleware for addresses, query strings, cookies and forms,
  load_json for JSON (the API's bodies, the DHIS2 page's file).
- JSON nested deeper than limits.JSON_DEPTH_MAX: Python's parser recurses, and about 900 levels
  escaped as a RecursionError; no file Payesh reads has more than a few levels.
"""

import json
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from payesh import display, limits

NUL = "\x00"
NUL_MESSAGE = gettext_lazy("A NUL character (0x00) is not accepted.")


class Refused(ValueError):
    """Input refused: `code` is "nul", "too_deep" or "not_json"; `message` is translated when it
    is shown; `where` names the part at fault ("dataValues[3].comment"), or "" for the whole."""

    def __init__(self, code, message, where=""):
        super().__init__(message)
        self.code, self.message, self.where = code, message, where


def first_with_nul(*pairs: Iterable[tuple[str, object]]) -> str | None:
    """The first name among iterables of (name, text) pairs, or of a QueryDict's (name, [texts]),
    whose name or a text holds a NUL; else None."""
    for items in pairs:
        for name, value in items:
            texts = value if isinstance(value, list) else [value]
            if NUL in name or any(isinstance(text, str) and NUL in text for text in texts):
                return shown(name)
    return None


def shown(name: str) -> str:
    """A name as it may be echoed back (a NUL written as \\x00)."""
    return name.replace(NUL, "\\x00")[:100]


def load_json(text: str) -> object:
    """JSON text read with the bounds above; Refused otherwise (not JSON, too deep, a NUL)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise Refused("too_deep", too_deep_message()) from None
    except ValueError:
        raise Refused("not_json", _("The body is not valid JSON.")) from None
    check_json(data, strings=may_hold_nul(text))
    return data


def may_hold_nul(text: str | bytes) -> bool:
    """Whether JSON text (str or bytes) may hold a NUL in a string: JSON writes one only as the
    escape \\u0000 (a raw one is not JSON), so without it the strings need no look."""
    if isinstance(text, bytes):
        return b"\\u0000" in text or b"\x00" in text  # (or it is not UTF-8: look)
    return "\\u0000" in text


def too_deep_message() -> str:
    return _("JSON nested more than %(most)s levels deep is not accepted.") % {"most": display.number(limits.JSON_DEPTH_MAX)}


def check_json(data: object, strings: bool = True) -> None:
    """Refused when parsed JSON is nested deeper than limits.JSON_DEPTH_MAX, or (unless `strings`
    is False) holds a NUL in a string or a name (`where` is its position: "figures[1].sector").
    Walks a level at a time, never a recursion."""
    level, depth = [data], 0
    while level:  # a level of containers at a time
        depth += 1
        if depth > limits.JSON_DEPTH_MAX and any(isinstance(v, (dict, list)) for v in level):
            raise Refused("too_deep", too_deep_message())
        level = [item for v in level if isinstance(v, (dict, list))
                 for item in (v.values() if isinstance(v, dict) else v) if isinstance(item, (dict, list))]
    if strings:
        where = _first_nul(data)
        if where is not None:
            raise Refused("nul", NUL_MESSAGE, where)


def _first_nul(data: object) -> str | None:
    """The position of a string or a name holding a NUL (the shallowest), else None. Only the
    containers' positions are spelled out on the way."""
    if isinstance(data, str):
        return "request" if NUL in data else None
    level = [(data, "")]
    while level:
        deeper = []
        for value, where in level:
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in pairs:
                if (isinstance(key, str) and NUL in key) or (isinstance(item, str) and NUL in item):
                    return shown(_position(where, key))
                if isinstance(item, (dict, list)):
                    deeper.append((item, _position(where, key)))
        level = deeper
    return None


def _position(where, key):
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key
