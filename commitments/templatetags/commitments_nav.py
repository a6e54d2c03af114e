"""The nav asks the same role question as the commitments views (accounts.access)."""

from django import template

from accounts import access

register = template.Library()
register.filter("plans_commitments", access.can_plan_commitments)
register.filter("plans_nationally", access.can_plan_nationally)
