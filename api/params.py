"""The API's query parameters, checked with the pages' rules (payesh.params, payesh.limits): a
value that is not one is a 400 naming the parameter, never a 500."""

from django.utils.translation import gettext as _

from payesh import limits
from payesh.params import whole_number

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
