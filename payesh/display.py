"""How numbers, percentages, dates, months and people read on a page, in the page's language:
Persian digits and separators on Persian pages, Latin on English ones. Templates reach these
through the filters of payesh/templatetags/payesh.py; charts, exports and messages call them
directly."""

import html
import math

from django.conf import settings
from django.utils.functional import Promise

from payesh import jalali
from payesh.i18n import is_persian


def html_text(value):
    """A value as HTML, escaped exactly as a template (or format_html) escapes it: django.utils.html.
    conditional_escape's text, without its wrappers, for code that lays out many cells in one pass
    (the dashboard's table, the charts' tables and phone forms): most of their time went on them."""
    if isinstance(value, Promise):
        value = str(value)
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def numbers_list(values):
    """Numbers one after another: "۱۰۰، ۲۰۰" on Persian pages, "100, 200" on English ones."""
    return texts_list(number(v) for v in values)


def texts_list(texts):
    """Texts one after another, joined by the language's comma."""
    return ("، " if is_persian() else ", ").join(texts)


def number(value, decimals=0):
    """A number with thousands separators; None or "" as a dash."""
    if value is None or value == "":
        return "—"
    return jalali.format_number(value, int(decimals), persian=is_persian())


def percent_shown(ratio, decimals=0):
    """The percentage a ratio is shown as (1.12 -> 112.0): rounded, except never up onto a status
    threshold the ratio has not reached, so a pace of 99.6% reads 99 beside "slightly behind",
    not 100. Every output that shows a percentage (pages, charts, minutes, spreadsheets) uses it."""
    percent = ratio * 100
    scale = 10 ** int(decimals)
    shown = round(percent * scale) / scale
    for threshold in (settings.PAYESH_ON_TRACK_PACE * 100, settings.PAYESH_SLIGHTLY_BEHIND_PACE * 100):
        if percent < threshold <= shown:
            shown = math.floor(percent * scale) / scale
    return shown


def percent(ratio, decimals=0, persian=None):
    """A ratio (1.12) as a percentage ('۱۱۲٪'); None (no commitment) as a dash."""
    if ratio is None:
        return "—"
    persian = is_persian() if persian is None else persian
    text = jalali.format_number(percent_shown(ratio, decimals), int(decimals), persian=persian)
    return f"{text}٪" if persian else f"{text}%"


def signed_percent(ratio, decimals=0):
    """A change as a percentage with its sign: '+۵٪', '−۳٪'; one that rounds to zero reads '۰٪'
    whichever way it went, so a small rise and a small fall look alike."""
    if ratio is None:
        return "—"
    shown = percent_shown(ratio, decimals)
    if shown == 0:
        return percent(0, decimals)
    return ("+" if shown > 0 else "−") + percent(abs(ratio), decimals)


def points_shown(change, decimals=0):
    """A change between two percentages in percentage points, as shown: 1.11 - 0.90 -> 21.0.
    Only rounded: the status thresholds are for percentages, not for changes."""
    scale = 10 ** int(decimals)
    return round(change * 100 * scale) / scale


def signed_points(change, decimals=0):
    """A change in percentage points with its sign and without a "%" (the label says "points"):
    '+۲۱', '−۸'; one that rounds to zero reads '۰', whichever way it went."""
    if change is None:
        return "—"
    shown = points_shown(change, decimals)
    text = jalali.format_number(abs(shown), int(decimals), persian=is_persian())
    return text if shown == 0 else ("+" if shown > 0 else "−") + text


def digits(value):
    """Any text with its digits in Persian when the page is in Persian."""
    if value is None:
        return ""
    return jalali.to_persian_digits(value) if is_persian() else str(value)


def date(value):
    return jalali.format_jalali_date(value, persian=is_persian())


def date_time(value):
    return jalali.format_jalali_date(value, persian=is_persian(), with_time=True)


def month_name(month):
    if not month:
        return ""
    return jalali.month_name(int(month), "fa" if is_persian() else "en")


def person(user):
    """A person as pages, minutes and messages name them: the full name, else the username; a
    dash for nobody (a center without a head, a meeting without a chair, a login since deleted).
    Templates use the `person` filter, never `default:` with a lookup: a filter's argument that
    cannot be looked up raises, where the filter's input just comes in empty."""
    if not user:
        return "—"
    return user.get_full_name() or user.get_username()
