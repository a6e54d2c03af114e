"""`{% unread_count user %}`: the header's count of unread notifications, one query a page."""

from django import template

from ..models import Notification

register = template.Library()


@register.simple_tag
def unread_count(user):
    if not user.is_authenticated:
        return 0
    cached = getattr(user, "_payesh_unread", None)
    if cached is None:
        cached = user._payesh_unread = Notification.objects.for_user(user).unread().count()
    return cached
