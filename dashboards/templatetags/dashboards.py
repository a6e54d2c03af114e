"""Words for the codes of reports/progress.py and report statuses (reporting statuses: the
`reporting` library of reports)."""

from django import template

from payesh.display import signed_percent

from ..labels import PROGRESS_STATUS, REPORT_STATUS

register = template.Library()


@register.filter
def status_label(code):
    return PROGRESS_STATUS.get(code, "")


@register.filter
def report_label(code):
    return REPORT_STATUS.get(code, "")


@register.filter
def signed_pct(ratio):
    return signed_percent(ratio)
