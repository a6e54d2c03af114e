"""Who may do what with meetings; every view asks these, never only the templates.

Planners and staff record meetings (create, edit, remarks of any center, action items, finalize)
and export them; the director sees everything and exports; a center head sees the meetings of
their province and writes their own center's remarks while the meeting is a draft. A finalized
meeting is read-only except for action item statuses.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts import roles

from .models import Meeting


def can_record(user):
    return roles.has_role(user, roles.PLANNER, roles.STAFF)


def can_export(user):
    return roles.sees_all_centers(user)


def can_follow_up(user):
    """Marking action items done (also after finalizing)."""
    return can_record(user)


def visible_meetings(user):
    if roles.sees_all_centers(user):
        return Meeting.objects.all()
    center = roles.headed_center(user)
    if center is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(province_id=center.province_id)


def get_meeting(user, pk):
    """The meeting if the user may see it, else 404 (a head never learns of another province's)."""
    return get_object_or_404(visible_meetings(user).select_related("province", "chair", "finalized_by"), pk=pk)


def can_write_remark(user, meeting, center):
    if meeting.is_finalized or center.province_id != meeting.province_id:
        return False
    if can_record(user):
        return True
    own = roles.headed_center(user)
    return own is not None and own.pk == center.pk


def require(allowed):
    if not allowed:
        raise PermissionDenied
