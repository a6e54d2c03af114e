"""The nav asks the same role question as the commitments views."""

from django import template

from accounts import roles

register = template.Library()


@register.filter
def plans_commitments(user):
    return roles.is_planner(user) or roles.is_director(user)
