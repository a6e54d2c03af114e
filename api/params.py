"""The API's query parameters, checked with the pages' rules (payesh.params, payesh.limits): a
value that is not one is a 400 naming the parameter, never a 500."""

from django.utils.translation import gettext as _

from payesh import limits
from payesh.params import whole_number, yes_no

from .errors import Invalid


def _bad(name, message):
    return Invalid(_("Some values were not accepted; see fields."), {name: [message]})


def year(request, name="year", default=None):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    value = whole_number(raw)
    if value is None or not limits.YEAR_MIN <= value <= limits.YEAR_MAX:
        raise _bad(name, _("A year from %(first)s to %(last)s.") % {"first": limits.YEAR_MIN, "last": limits.YEAR_MAX})
    return value


def month(request, name="month", default=None):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    value = whole_number(raw)
    if value is None or not limits.MONTH_MIN <= value <= limits.MONTH_MAX:
        raise _bad(name, _("A month from 1 to 12."))
    return value


def boolean(request, name: str, default: bool | None = False) -> bool | None:
    """A yes-or-no parameter (payesh.params.yes_no: 1/0, true/false, yes/no, on/off); `default`
    when not given; anything else (maybe, null) is a 400, never read as yes."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    found = yes_no(raw)
    if found is None:
        raise _bad(name, _("Yes or no: true or false (or 1 and 0, yes and no, on and off)."))
    return found


def text(request, name, most=50):
    """A code or a word (a center's code, a status); "" when not given."""
    raw = request.query_params.get(name, "")
    if len(raw) > most:
        raise _bad(name, _("At most %(count)s characters.") % {"count": most})
    return raw.strip()


def codes(request, name, most=200):
    """A comma-separated list of codes (?center=tbz1,tbz2), or []."""
    raw = text(request, name, most=20 * most)
    found = [c.strip() for c in raw.split(",") if c.strip()]
    if len(found) > most:
        raise _bad(name, _("At most %(count)s values.") % {"count": most})
    return found
