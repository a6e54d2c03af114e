"""Role questions for the navigation (links only; every view checks access itself)."""

from django import template

from accounts import access, roles

register = template.Library()


@register.filter
def headed_center(user):
    return roles.headed_center(user)


@register.filter
def can_review(user):
    return access.can_review(user)


@register.filter
def can_see_province(user):
    return access.can_see_province(user)


@register.filter
def can_manage_people(user):
    return access.can_manage_people(user)
