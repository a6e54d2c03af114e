"""`{% unread_count user %}`: the header's count of unread notifications. The login backend
(accounts/backends.py) reads it with the user (notifications/apps.py registers it there); a user
loaded another way costs one query."""

from django import template

from ..models import Notification

register = template.Library()


@register.simple_tag
def unread_count(user):
    if not user.is_authenticated:
        return 0
    count = getattr(user, "_payesh_unread", None)
    if count is None:
        count = user._payesh_unread = Notification.objects.for_user(user).unread().count()
    return count
