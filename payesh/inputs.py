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

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from payesh import display, limits

NUL = "\x00"
NUL_MESSAGE = gettext_lazy("A NUL character (0x00) is not accepted.")


class Refused(ValueError):
    """Input refused: `code` is "nul", "too_deep" or "not_json"; `message` in the active
    language; `where` names the part at fault ("dataValues[3].comment"), or "" for the whole."""

    def __init__(self, code, message, where=""):
        super().__init__(message)
        self.code, self.message, self.where = code, message, where


def first_with_nul(*pairs):
    """The first name among iterables of (name, text) pairs, or of a QueryDict's (name, [texts]),
    whose name or a text holds a NUL; else None."""
    for items in pairs:
        for name, value in items:
            texts = value if isinstance(value, list) else [value]
            if NUL in name or any(isinstance(text, str) and NUL in text for text in texts):
                return shown(name)
    return None


def shown(name):
    """A name as it may be echoed back (a NUL written as \\x00)."""
    return name.replace(NUL, "\\x00")[:100]


def load_json(text):
    """JSON text read with the bounds above; Refused otherwise (not JSON, too deep, a NUL)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise Refused("too_deep", too_deep_message()) from None
    except ValueError:
        raise Refused("not_json", _("The body is not valid JSON.")) from None
    check_json(data)
    return data


def too_deep_message():
    return _("JSON nested more than %(most)s levels deep is not accepted.") % {"most": display.number(limits.JSON_DEPTH_MAX)}


def check_json(data):
    """Refused when parsed JSON is nested deeper than limits.JSON_DEPTH_MAX or holds a NUL in a
    string or a name (`where` is its position: "figures[1].sector"). A walk, not a recursion."""
    stack = [(data, "", 1)]
    while stack:
        value, where, depth = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                raise Refused("nul", NUL_MESSAGE, where or "request")
            continue
        if not isinstance(value, (dict, list)):
            continue
        if depth > limits.JSON_DEPTH_MAX:
            raise Refused("too_deep", too_deep_message())
        if isinstance(value, dict):
            children = []
            for key, item in value.items():
                name = f"{where}.{key}" if where else key
                if NUL in key:
                    raise Refused("nul", NUL_MESSAGE, shown(name))
                children.append((item, name, depth + 1))
        else:
            children = [(item, f"{where}[{i}]", depth + 1) for i, item in enumerate(value)]
        stack.extend(reversed(children))  # the first in the file is found first
