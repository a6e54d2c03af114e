"""The roles of Payesh, where each is held, and the questions views ask about a user.

A director, a planner or a staff member holds the role in a province, a national planner or a
national observer for the whole country (accounts.models.RoleAssignment, open while `until` is
empty); a center's head holds their center (centers.Center.head, and the center_head group). One
person may hold several roles, in several provinces. What a role allows where is decided in
accounts/access.py, from what these functions say a user holds.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from .joined import Joined

DIRECTOR = "director"
PLANNER = "planner"
STAFF = "staff"
CENTER_HEAD = "center_head"
NATIONAL_PLANNER = "national_planner"
NATIONAL_OBSERVER = "national_observer"

PROVINCE_ROLES = (DIRECTOR, PLANNER, STAFF)
NATIONAL_ROLES = (NATIONAL_PLANNER, NATIONAL_OBSERVER)

ROLE_NAMES = {
    DIRECTOR: _("director"),
    PLANNER: _("planner"),
    STAFF: _("staff"),
    CENTER_HEAD: _("center head"),
    NATIONAL_PLANNER: _("national planner"),
    NATIONAL_OBSERVER: _("national observer"),
}
# the roles an assignment gives (a head holds a center instead)
ASSIGNED = {role: label for role, label in ROLE_NAMES.items() if role != CENTER_HEAD}

HELD = "_payesh_held"


def _assignments():
    """accounts.RoleAssignment, read from the app registry: models.py imports this module's names."""
    return apps.get_model("accounts", "RoleAssignment")


def held_expressions():
    """Query expressions that read, with the user, what they hold: the open assignments as
    "role:province id" joined by commas (national: "role:"), and whether they are a head."""
    RoleAssignment = _assignments()

    User = get_user_model()
    assignments = (RoleAssignment.objects.filter(user_id=OuterRef("pk"), until__isnull=True).order_by()
                   .values("user_id").annotate(held=Joined(Concat(
                       "role", Value(":"), Coalesce(Cast("province_id", CharField()), Value("")), output_field=CharField())))
                   .values("held"))
    heads = User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=CENTER_HEAD)
    return {"_payesh_assignments": Subquery(assignments, output_field=CharField()), "_payesh_is_head": Exists(heads)}


def parse(joined, is_head):
    """{role: frozenset of province ids (None for a national role and a head)} from what
    held_expressions read."""
    found = {}
    for part in (joined or "").split(","):
        if part:
            role, _sep, province = part.partition(":")
            found.setdefault(role, set()).add(int(province) if province else None)
    if is_head:
        found[CENTER_HEAD] = {None}
    return {role: frozenset(ids) for role, ids in found.items()}


def held(user):
    """What the user holds, read once a request (the login backend reads it with the user)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, HELD, None)
    if cached is None:
        row = get_user_model().objects.filter(pk=user.pk).annotate(**held_expressions()).values_list(
            "_payesh_assignments", "_payesh_is_head").first()
        cached = remember(user, parse(*row) if row else {})
    return cached


def remember(user, found):
    """Keep what a user holds on the object for the rest of the request."""
    setattr(user, HELD, found)
    return found


def forget(user):
    """After a change of roles or headship: the next question reads them again."""
    for name in (HELD, "_payesh_center"):
        if hasattr(user, name):
            delattr(user, name)


def role_names(user):
    return set(held(user))


def has_role(user, *roles):
    """Holds any of these roles, in any province (a superuser holds every one)."""
    return bool(role_names(user) & set(roles)) or (user.is_authenticated and user.is_superuser)


def provinces_with(user, *roles):
    """The ids of the provinces where the user holds any of these roles (province roles only)."""
    found = held(user)
    return frozenset(pk for role in roles for pk in found.get(role, ()) if pk is not None)


def is_director(user):
    return has_role(user, DIRECTOR)


def is_planner(user):
    return has_role(user, PLANNER)


def is_national(user):
    """A national planner or observer, or a superuser: every province."""
    return has_role(user, *NATIONAL_ROLES)


def sees_all_centers(user):
    """Director, planner and staff work across their province's centers, the national roles
    across every province's; a head sees their center."""
    return has_role(user, *PROVINCE_ROLES, *NATIONAL_ROLES)


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


def people_with(*roles, province=None):
    """The active users holding any of these roles, in `province` when it is given (a national
    role is held in none): who is told of a province's month."""
    RoleAssignment = _assignments()

    assignments = RoleAssignment.objects.filter(until__isnull=True, role__in=roles)
    if province is not None:
        assignments = assignments.filter(province=province)
    return (get_user_model().objects.filter(is_active=True, pk__in=assignments.values("user_id"))
            .order_by("pk"))


def national_people():
    """The active users holding a national role, each once, in the order they joined, with their
    profiles: one query."""
    RoleAssignment = _assignments()

    held = (RoleAssignment.objects.filter(until__isnull=True, role__in=NATIONAL_ROLES, province__isnull=True,
                                          user__is_active=True).select_related("user__payesh_profile").order_by("user_id"))
    return list({assignment.user_id: assignment.user for assignment in held}.values())


def people_by_province(*roles):
    """{province id: the active users holding any of these roles there, each once, in the order
    they joined}, in one query."""
    RoleAssignment = _assignments()

    found = {}
    for held in (RoleAssignment.objects.filter(until__isnull=True, role__in=roles, province__isnull=False,
                                               user__is_active=True).select_related("user__payesh_profile").order_by("user_id")):
        found.setdefault(held.province_id, {})[held.user_id] = held.user
    return {province: list(users.values()) for province, users in found.items()}
