"""The four roles of Payesh, as Django groups, and the questions views ask about a user.

Every access decision goes through these functions so the rules live in one place.
"""

from django.utils.translation import gettext_lazy as _

DIRECTOR = "director"
PLANNER = "planner"
STAFF = "staff"
CENTER_HEAD = "center_head"

ROLE_NAMES = {
    DIRECTOR: _("director"),
    PLANNER: _("planner"),
    STAFF: _("staff"),
    CENTER_HEAD: _("center head"),
}


def role_names(user):
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_payesh_roles", None)
    if cached is None:
        cached = remember(user, set(user.groups.values_list("name", flat=True)))
    return cached


def remember(user, names):
    """Keep a user's role names on the object for the rest of the request (the login backend
    reads them with the user)."""
    user._payesh_roles = names
    return names


def has_role(user, *roles):
    return bool(role_names(user) & set(roles)) or (user.is_authenticated and user.is_superuser)


def is_director(user):
    return has_role(user, DIRECTOR)


def is_planner(user):
    return has_role(user, PLANNER)


def sees_all_centers(user):
    """Director, planner and staff work across the province; a head sees their center."""
    return has_role(user, DIRECTOR, PLANNER, STAFF)


def headed_center(user):
    """The center this user heads, or None."""
    if not user.is_authenticated or CENTER_HEAD not in role_names(user):
        return None
    if not hasattr(user, "_payesh_center"):  # asked by the nav and the view: look it up once
        try:
            user._payesh_center = user.headed_center
        except Exception:  # RelatedObjectDoesNotExist
            user._payesh_center = None
    return user._payesh_center


def people_with(*roles):
    """The active users holding any of these roles (who is told of a province's month)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, groups__name__in=roles).distinct().order_by("pk")
