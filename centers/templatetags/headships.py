"""Who headed a center from when to when, for any page about the center."""

from django import template

from centers.models import Headship

register = template.Library()


@register.inclusion_tag("centers/_headships.html")
def headship_history(center):
    return {"center": center, "headships": list(Headship.objects.filter(center=center).select_related("head"))}
