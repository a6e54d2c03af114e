"""Years and months that arrive in URLs and query strings: any digits, checked, never a 500."""

from django.http import Http404

from payesh import jalali

FIRST_YEAR, LAST_YEAR = 1300, 1600  # the Jalali years Payesh knows (FiscalYear's constraint too)


def check_month(year, month):
    """A URL's year and month, or 404."""
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404("no such month")


def whole_number(value, default=None):
    """A query parameter as a whole number (Persian, Arabic-Indic or Latin digits), else default."""
    text = jalali.to_latin_digits(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        return default
    return int(text)


def requested_year(request):
    """The ?year= of a page (any digits), the current Jalali year by default, or 404."""
    current_year, _month = jalali.current_year_month()
    raw = request.GET.get("year")
    year = whole_number(raw) if raw else current_year
    if year is None:
        raise Http404("no such year")
    check_month(year, 1)
    return year
