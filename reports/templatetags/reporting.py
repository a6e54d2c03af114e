"""`{{ code|reporting_label }}`: the words of a reporting status (reports/deadlines.py);
`{{ code|progress_label }}`: the words of a progress status (reports/progress/line.py)."""

from django import template

from reports.deadlines import label
from reports.progress import line

register = template.Library()
register.filter("reporting_label", label)
register.filter("progress_label", line.label)
