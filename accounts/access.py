"""Who may see and change which center's monthly reports: one place for every view to ask.

A center head works on their own center only; a guessed URL of another center gets 404 (we do
not confirm that it exists). Planners enter on a center's behalf and review; the director and
staff read every center; only the director reopens an approved month.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from centers.models import Center

from .roles import headed_center, is_director, is_planner, sees_all_centers


def can_view_center(user, center):
    if sees_all_centers(user):
        return True
    own = headed_center(user)
    return own is not None and own.pk == center.pk


def can_enter(user, center):
    """Edit a draft or returned month: the center's head, or a planner on its behalf."""
    if is_planner(user):
        return True
    own = headed_center(user)
    return own is not None and own.pk == center.pk


def can_review(user):
    return is_planner(user)


def can_reopen(user):
    return is_director(user)


def can_see_province(user):
    """The province-wide lists (review queue, late and missing reports)."""
    return sees_all_centers(user)


def is_center_head_only(user):
    """A head who has no province-wide role: sent to their center's pages."""
    return headed_center(user) is not None and not sees_all_centers(user)


def center_for_view(user, code):
    """The center with this code if the user may see it; 404 otherwise."""
    center = Center.objects.filter(code=code).first()
    if center is None or not can_view_center(user, center):
        raise Http404("no such center")
    return center


def center_for_entry(user, code):
    """The center if the user may enter its figures: 404 when they may not even see it, 403 when
    they may see it but not change it (director, staff)."""
    center = center_for_view(user, code)
    if not can_enter(user, center):
        raise PermissionDenied("this role does not enter figures")
    return center


def require_review(user):
    if not can_review(user):
        raise PermissionDenied("only planners review reports")


def require_reopen(user):
    if not can_reopen(user):
        raise PermissionDenied("only the director reopens an approved month")


def require_province(user):
    if not can_see_province(user):
        raise PermissionDenied("province-wide lists are for directorate roles")
