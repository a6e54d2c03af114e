"""Display filters: Persian digits, separators, Jalali dates, names in the page's language.
Loaded as a template builtin."""

import math

from django import template
from django.conf import settings
from payesh import jalali
from payesh.i18n import is_persian, local_name

register = template.Library()


_persian = is_persian


@register.filter
def local(obj, field="name"):
    """`{{ center|local }}`, `{{ center|local:"county" }}`: the name in the page's language."""
    return local_name(obj, field)


@register.filter
def num(value, decimals=0):
    """A number with thousands separators, in Persian digits when the page is in Persian."""
    if value is None or value == "":
        return "—"
    return jalali.format_number(value, int(decimals), persian=_persian())


@register.filter
def pct(value, decimals=0):
    """A ratio (1.12) as a percentage ('۱۱۲٪'); None (no commitment) as a dash."""
    if value is None:
        return "—"
    percent = value * 100
    scale = 10 ** int(decimals)
    shown = round(percent * scale) / scale
    # Rounded, except never up onto a status threshold the value has not reached: a pace of
    # 99.6% reads "99%" beside "slightly behind", not "100%".
    for threshold in (settings.PAYESH_ON_TRACK_PACE * 100, settings.PAYESH_SLIGHTLY_BEHIND_PACE * 100):
        if percent < threshold <= shown:
            shown = math.floor(percent * scale) / scale
    text = jalali.format_number(shown, int(decimals), persian=_persian())
    return f"{text}٪" if _persian() else f"{text}%"


@register.filter
def digits(value):
    """Any text with its digits in Persian when the page is in Persian."""
    if value is None:
        return ""
    return jalali.to_persian_digits(value) if _persian() else str(value)


@register.filter
def jdate(value):
    return jalali.format_jalali_date(value, persian=_persian())


@register.filter
def jdatetime(value):
    return jalali.format_jalali_date(value, persian=_persian(), with_time=True)


@register.filter
def month_name(month):
    if not month:
        return ""
    return jalali.month_name(int(month), "fa" if _persian() else "en")
