"""`{{ code|reporting_label }}`: the words of a reporting status (reports/deadlines.py)."""

from django import template

from reports.deadlines import label

register = template.Library()
register.filter("reporting_label", label)
