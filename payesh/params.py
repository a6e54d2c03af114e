"""Years, months, numbers and yes-or-no switches that arrive in URLs and query strings: any
digits, checked against payesh.limits, never a 500 (a value out of range is a 404)."""

from django.http import Http404

from payesh import jalali, limits

FIRST_YEAR, LAST_YEAR = limits.YEAR_MIN, limits.YEAR_MAX  # the Jalali years Payesh knows


def check_month(year, month):
    """A URL's year and month, or 404."""
    if not (FIRST_YEAR <= year <= LAST_YEAR and limits.MONTH_MIN <= month <= limits.MONTH_MAX):
        raise Http404("no such month")


YES, NO = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def yes_no(value: str | None) -> bool | None:
    """A yes-or-no parameter as True or False: 1, true, yes, on (a ticked box sends "on") or 0,
    false, no, off, in any case and digits; None for anything else (maybe, null), which the pages
    drop with a note and the API refuses, never reading it as yes."""
    text = jalali.to_latin_digits(value if isinstance(value, str) else "").strip().lower()
    return True if text in YES else False if text in NO else None


def whole_number(value, default=None):
    """A query parameter as a whole number (Persian, Arabic-Indic or Latin digits), else default."""
    text = jalali.to_latin_digits(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return default
    return int(text)


def requested_year(request, default=None):
    """The ?year= of a page (any digits); by default the current Jalali year (or `default`);
    404 when it is not a year Payesh knows."""
    raw = request.GET.get("year")
    if raw:
        year = whole_number(raw)
    else:
        year = default if default is not None else jalali.current_year_month()[0]
    if year is None:
        raise Http404("no such year")
    check_month(year, 1)
    return year


def requested_month(request):
    """The ?year= and ?month= of a page (any digits); by default the last complete Jalali month;
    404 when they are not a month Payesh knows."""
    default_year, default_month = jalali.last_complete_month()
    year = requested_year(request, default=default_year)
    raw = request.GET.get("month")
    month = whole_number(raw) if raw else default_month
    if month is None:
        raise Http404("no such month")
    check_month(year, month)
    return year, month
