"""Display filters: Persian digits, separators, Jalali dates, names in the page's language.
Loaded as a template builtin; the rules themselves are in payesh/display.py."""

from django import template
from django_tables2.templatetags.django_tables2 import table_page_range

from payesh import display
from payesh.i18n import local_name

register = template.Library()


@register.filter
def local(obj, field="name"):
    """`{{ center|local }}`, `{{ center|local:"county" }}`: the name in the page's language."""
    return local_name(obj, field)


@register.filter
def num(value, decimals=0):
    """A number with thousands separators, in Persian digits when the page is in Persian."""
    return display.number(value, decimals)


@register.filter
def pct(value, decimals=0):
    """A ratio (1.12) as a percentage ('۱۱۲٪'); None (no commitment) as a dash."""
    return display.percent(value, decimals)


@register.filter
def signed_pct(value, decimals=0):
    return display.signed_percent(value, decimals)


@register.filter
def signed_points(value, decimals=0):
    """A change of pace in percentage points: '+۲۱', '−۸' (the label says "points")."""
    return display.signed_points(value, decimals)


@register.filter
def numbers_list(values):
    return display.numbers_list(values)


@register.filter
def digits(value):
    return display.digits(value)


@register.filter
def jdate(value):
    return display.date(value)


@register.filter
def jdatetime(value):
    return display.date_time(value)


@register.filter
def month_name(month):
    return display.month_name(month)


@register.filter
def person(user):
    """`{{ center.head|person }}`: the full name, else the username; a dash for nobody."""
    return display.person(user)


@register.filter
def page_numbers(table):
    """`{% for p in table|page_numbers %}`: the page numbers a django-tables2 table offers (its own
    table_page_range, given the table whole, so the template passes no lookup as an argument)."""
    return table_page_range(table.page, table.paginator)
