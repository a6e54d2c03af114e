"""`{{ issues|unsettled }}`: how many of a month's issues (reports/quality) still stand in the
way: errors, and warnings no comment confirms."""

from django import template

register = template.Library()


@register.filter
def unsettled(issues):
    return sum(issue.blocks for issue in issues or ())
