"""Words for report statuses, and signed percentages (the words of progress and reporting
statuses: the `reporting` library of reports)."""

from django import template

from payesh.display import signed_percent

from ..labels import REPORT_STATUS

register = template.Library()


@register.filter
def report_label(code):
    return REPORT_STATUS.get(code, "")


@register.filter
def signed_pct(ratio):
    return signed_percent(ratio)
