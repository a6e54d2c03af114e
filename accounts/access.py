"""Every role decision of Payesh, in one place: views, template tags and services ask these
plain functions (tests call them directly); accounts/roles.py says what a user holds and where.

Provinces
- A director, planner or staff member works in the province they hold the role in, and only
  there; a center head in their center's province. National planners and observers read every
  province, as superusers do; they change no province's work (a national planner manages
  people, below). Each decision names the provinces it covers as a Scope (accounts/scope.py),
  and every list narrows to it; a center, meeting or province outside it answers 404 (we do not
  confirm that it exists).

Centers and their monthly reports
- A center head works on their own center only. Planners enter on a center's behalf and review,
  in their province; the director and staff read their province's centers; only the director of
  the province reopens an approved month, except that a planner takes back their own approval on
  the day they made it (it goes back to review).

What the dashboards show of a center
- Everyone who reads a province (its directorate, its heads, the national roles) reads the
  counted numbers (submitted and approved reports) of its centers: the monthly meeting reviews
  all centers in front of all heads. Another province's centers are not shown, nor is the
  national view of every center to anyone but the national roles.
- A draft's or a returned report's figures, per-figure comments and return reasons are the
  center's own business until counted: only its head and its province's directorate see them.

Commitments
- Planners and the director plan their province's (list, import, allocate, phase, revise); a
  national planner reads every province's; nobody else.

Meetings
- Planners and staff record their province's meetings (create, edit, remarks of any center,
  action items, finalize) and mark action items done (also after finalizing); the directorate
  exports the minutes; a center head sees the meetings of their province, in them the province's
  headline and their own center only, and writes their own center's remarks while the meeting
  is a draft. A finalized meeting is read-only except for action item statuses.

Course register
- The directorate lists its province's centers' courses; a head only their own center's.

Checking numbers (validation rules, the data-quality page)
- Planners and directors (and national planners) add, change and retire the validation rules,
  which hold in every province; the directorate and heads read them (heads meet their messages on
  the entry grid). The data-quality page and its API show the directorate its provinces' centers'
  counted months, a head their own center's.

People of a province (accounts, roles, heads of centers, the record of changes)
- The director and planners manage their province's people without the admin; a national
  planner every province's and the national roles; staff and heads get 403. A person belongs
  to the provinces where they hold a role or head a center (holding neither, to the one where
  they last did; an account that never did belongs to none, and any province may take it in);
  one may be managed only where all of them are managed. Nobody deactivates
  their own account or a superuser's; a planner does not deactivate a director or a planner,
  nor give or end those roles (the director of the province does). Whom they may deactivate,
  they also give a new initial password, and see and revoke the API tokens of. National roles
  are given only by a national planner or a superuser.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from centers.models import Center, Headship

from . import scope
from .models import RoleAssignment
from .roles import (
    DIRECTOR,
    NATIONAL_PLANNER,
    NATIONAL_ROLES,
    PLANNER,
    PROVINCE_ROLES,
    STAFF,
    has_role,
    headed_center,
    provinces_with,
)
from .scope import EVERYWHERE, NOWHERE, Scope


def require(allowed):
    """403 unless allowed."""
    if not allowed:
        raise PermissionDenied


# --- where: the provinces each kind of work covers ----------------------------------------------


def provinces(user, *roles, national=()) -> Scope:
    """The provinces where the user holds any of `roles`; every province for a superuser and for
    whoever holds one of the `national` roles."""
    if not user.is_authenticated:
        return NOWHERE
    if user.is_superuser or (national and has_role(user, *national)):
        return EVERYWHERE
    return scope.of(provinces_with(user, *roles))


def directorate_provinces(user) -> Scope:
    """Where the user works across the centers: their directorate roles' provinces, every one
    for the national roles."""
    return provinces(user, *PROVINCE_ROLES, national=NATIONAL_ROLES)


def reading_provinces(user) -> Scope:
    """The provinces whose dashboards, counted numbers and meetings the user reads: the
    directorate's, and a head's center's province."""
    found = directorate_provinces(user)
    own = headed_center(user)
    return found | scope.of([own.province_id]) if own is not None else found


def can_see_national(user):
    """The national view of every province's centers: the national roles and superusers."""
    return provinces(user, national=NATIONAL_ROLES).everywhere


def can_read_province(user, province):
    return province in reading_provinces(user)


def readable_centers(user, centers):
    """The centers (a queryset) whose counted numbers the user reads on the dashboards."""
    return reading_provinces(user).filter(centers)


def can_read_center(user, center):
    return center.province_id in reading_provinces(user)


def own_province(user, choices):
    """The province (of `choices`, the provinces in their order) a page opens on for this user:
    the first they read; None when they read none of them."""
    readable = reading_provinces(user)
    return next((p for p in choices if p in readable), None)


# --- centers and their monthly reports ----------------------------------------------------------


def is_directorate(user):
    """Director, planner or staff somewhere, or a national role: they work across centers."""
    return bool(directorate_provinces(user))


def is_own_center(user, center):
    own = headed_center(user)
    return own is not None and own.pk == center.pk


def can_view_center(user, center):
    """The center's own pages (months, entry grid, course register): its head and its
    province's directorate."""
    return center.province_id in directorate_provinces(user) or is_own_center(user, center)


def can_enter(user, center):
    """Edit a draft or returned month: the center's head, or a planner of its province on its behalf."""
    return center.province_id in provinces(user, PLANNER) or is_own_center(user, center)


def can_review(user, center=None):
    """Approve or return a submitted report: a planner of the center's province (center None:
    of any province, as the menu asks)."""
    found = provinces(user, PLANNER)
    return bool(found) if center is None else center.province_id in found


def can_reopen(user, center=None):
    """Reopen an approved month: the director of the center's province (None: of any)."""
    found = provinces(user, DIRECTOR)
    return bool(found) if center is None else center.province_id in found


def can_undo_approval(user, report):
    """Take back an approval (the month goes back to review): the planner who approved it, on
    the day they did (Tehran's day), while a planner of its province; after that, reopening it is
    the director's (can_reopen)."""
    return (report is not None and report.is_approved and report.approved_by_id == user.pk
            and report.center.province_id in provinces(user, PLANNER)
            and report.approved_at is not None and timezone.localdate(report.approved_at) == timezone.localdate())


def can_see_province(user, province=None):
    """The province-wide pages (the province dashboard, the review queue, late and missing
    reports) of `province`, or of any province when it is None."""
    found = directorate_provinces(user)
    return bool(found) if province is None else province in found


def is_center_head_only(user):
    """A head who has no province-wide role: sent to their center's pages."""
    return headed_center(user) is not None and not is_directorate(user)


def center_for_view(user, code):
    """The center with this code if the user may see its own pages; 404 otherwise."""
    center = Center.objects.filter(code=code).first()
    if center is None or not can_view_center(user, center):
        raise Http404("no such center")
    return center


def center_for_entry(user, code):
    """The center if the user may enter its figures: 404 when they may not even see it, 403 when
    they may see it but not change it (director, staff, national roles)."""
    center = center_for_view(user, code)
    if not can_enter(user, center):
        raise PermissionDenied("this role does not enter figures")
    return center


def viewable_centers(user, centers):
    """The centers (a queryset) whose own pages and entry data this user may open, as
    can_view_center decides one by one: their province's for the directorate, a head's own,
    else none. The lists of the API narrow to these; a center outside them answers 404."""
    found = directorate_provinces(user)
    own = headed_center(user)
    if found.everywhere:
        return centers
    condition = found.q("province")
    if own is not None:
        condition |= Q(pk=own.pk)
    return centers.filter(condition) if found or own is not None else centers.none()


def can_import_figures(user):
    """Whether the user enters some center's figures (a planner: their province's; a head: their
    own), so may upload a file of them (each row is then checked with can_enter)."""
    return bool(provinces(user, PLANNER)) or headed_center(user) is not None


def require_enters_figures(user):
    if not can_import_figures(user):
        raise PermissionDenied("this role does not enter figures")


def require_review(user, center=None):
    if not can_review(user, center):
        raise PermissionDenied("only the province's planners review reports")


def require_reopen(user, center=None):
    if not can_reopen(user, center):
        raise PermissionDenied("only the province's director reopens an approved month")


def require_province(user):
    if not can_see_province(user):
        raise PermissionDenied("province-wide lists are for directorate roles")


# --- what the dashboards show of a center -------------------------------------------------------


def can_see_uncounted(user, center):
    """A draft's or a returned report's figures, per-figure comments and return reasons: the
    center's head and its province's directorate."""
    return can_view_center(user, center)


def can_see_figures(user, center, report):
    """A month's figures: everyone who reads the center's province once they count (submitted,
    approved); before that (draft, returned) only those who see the center's uncounted work."""
    if report is None:
        return False
    return (report.is_counted and can_read_center(user, center)) or can_see_uncounted(user, center)


# --- commitments --------------------------------------------------------------------------------


def commitments_provinces(user) -> Scope:
    """The provinces whose commitments the user reads on the commitments pages: planners' and
    directors', every one for a national planner."""
    return provinces(user, PLANNER, DIRECTOR, national=(NATIONAL_PLANNER,))


def planning_provinces(user) -> Scope:
    """The provinces whose commitments, totals, phasing and allocation the user changes."""
    return provinces(user, PLANNER, DIRECTOR)


def can_plan_commitments(user):
    """The commitments pages: planners and directors, national planners; a center head (or
    anyone else) gets 403."""
    return bool(commitments_provinces(user))


def can_plan_nationally(user):
    """The national organization's work on commitments: importing its yearly letter of every
    province's totals, and returning a province's allocation with a reason: national planners
    and superusers; a province's planner or director gets 403."""
    return provinces(user, national=(NATIONAL_PLANNER,)).everywhere


def can_change_commitments(user, province):
    return province in planning_provinces(user)


def visible_commitments(user, commitments):
    """The commitments (a queryset) this user may list: their provinces' for those who plan them
    (commitments_provinces, as the commitments pages); a head their own center's confirmed ones
    (the rows of their entry grid; a draft is not communicated yet); nobody else any."""
    if can_plan_commitments(user):
        return commitments_provinces(user).filter(commitments, "center__province")
    own = headed_center(user)
    if own is None:
        return commitments.none()
    return commitments.confirmed().filter(center=own)


# --- meetings -----------------------------------------------------------------------------------


def recording_provinces(user) -> Scope:
    return provinces(user, PLANNER, STAFF)


def can_record_meetings(user, province=None):
    """Record meetings of `province` (None: of any province, as the menu asks)."""
    found = recording_provinces(user)
    return bool(found) if province is None else province in found


def can_export_minutes(user, province=None):
    found = directorate_provinces(user)
    return bool(found) if province is None else province in found


def can_follow_up(user, province=None):
    """Marking action items done (also after finalizing)."""
    return can_record_meetings(user, province)


def meeting_center(user, province=None):
    """None when the user sees every center of a meeting of `province`; a head's own center
    otherwise (they see the province's headline and that center's row, remarks and action items)."""
    return None if can_see_province(user, province) else headed_center(user)


def visible_meetings(user, meetings):
    """The meetings (a queryset: meetings depends on accounts, not the other way round) this user
    may see: their provinces' for the directorate, the national roles' every one, their
    province's for a head, none for anyone else."""
    return reading_provinces(user).filter(meetings)


def meeting_for_view(user, meetings, pk):
    """The meeting (of a queryset) if the user may see it, else 404 (nobody learns of another
    province's)."""
    return get_object_or_404(visible_meetings(user, meetings).select_related("province", "chair", "finalized_by"), pk=pk)


def can_write_remark(user, meeting, center):
    """A center's remarks in a draft meeting of its province: the province's recorders for any
    center, a head for their own."""
    if meeting.is_finalized or center.province_id != meeting.province_id:
        return False
    return can_record_meetings(user, meeting.province_id) or is_own_center(user, center)


# --- course register ----------------------------------------------------------------------------


def visible_courses(user, courses):
    """The courses (a queryset) this user may list across centers: their provinces' for the
    directorate, a head's own center's only; 403 for anyone else."""
    if is_directorate(user):
        return directorate_provinces(user).filter(courses, "center__province")
    own = headed_center(user)
    if own is None:
        raise PermissionDenied("no center to show")
    return courses.filter(center=own)


# --- people of a province -----------------------------------------------------------------------


def people_provinces(user) -> Scope:
    """The provinces whose people the user manages: directors' and planners'; every one for a
    national planner."""
    return provinces(user, DIRECTOR, PLANNER, national=(NATIONAL_PLANNER,))


def can_manage_people(user):
    return bool(people_provinces(user))


def require_people(user):
    if not can_manage_people(user):
        raise PermissionDenied("the people pages are for the director and planners")


def can_appoint_head(user, center):
    """Give the center a head, or take it away: who manages the people of its province."""
    return center.province_id in people_provinces(user)


def can_give_role(user, role, province=None):
    """Give (or end) `role` in `province`: a national role only a national planner or a
    superuser; a director's or a planner's the director of the province (or a national planner);
    staff whoever manages the province's people."""
    if role in NATIONAL_ROLES:
        return provinces(user, national=(NATIONAL_PLANNER,)).everywhere
    if province is None or role not in PROVINCE_ROLES:
        return False
    if role in (DIRECTOR, PLANNER):
        return province in provinces(user, DIRECTOR, national=(NATIONAL_PLANNER,))
    return province in people_provinces(user)


def can_end_role(user, assignment):
    """End a role someone holds: as giving it, and never one's own."""
    return assignment.user_id != user.pk and can_give_role(user, assignment.role, assignment.province_id)


def _open_roles():
    return RoleAssignment.objects.filter(user_id=OuterRef("pk"), until__isnull=True)


def _last_province():
    """The province where a person last headed a center, else last held a role (for one who
    holds neither now)."""
    headships = (Headship.objects.filter(head_id=OuterRef("pk")).order_by(F("ended").desc(nulls_first=True), "-pk")
                 .values("center__province_id"))
    ended = RoleAssignment.objects.filter(user_id=OuterRef("pk"), province__isnull=False).order_by(
        F("until").desc(nulls_first=True), "-pk")
    return Coalesce(Subquery(headships[:1]), Subquery(ended.values("province_id")[:1]))


def people_of(found: Scope, people):
    """The people (a queryset of users) of the scope's provinces: who hold a role or head a
    center there, or, holding neither anywhere now, last did (a head whose center was given to
    another); and the accounts of no province yet (never given a role or a center: made in the
    admin, or before roles had provinces), which any province may take in. Everyone, everywhere."""
    if found.everywhere:
        return people
    ids = found.ids
    holds_nothing = Q(headed_center__isnull=True) & ~Exists(_open_roles())
    return people.alias(_last_province=_last_province()).filter(
        Exists(_open_roles().filter(province__in=ids)) | Q(headed_center__province__in=ids)
        | (holds_nothing & Q(_last_province__in=ids))
        | (holds_nothing & Q(_last_province__isnull=True, is_superuser=False)))


def listed_people(user, people):
    """The people (a queryset of users) on the user's people pages."""
    return people_of(people_provinces(user), people) if can_manage_people(user) else people.none()


def manageable_people(user, people):
    """The people (a queryset of users) whom `user` may deactivate: their provinces' people who
    belong to no other province, not themselves or a superuser, and no director or planner
    unless they direct that province (or are a national planner)."""
    found = people_provinces(user)
    if not found:
        return people.none()
    people = people.exclude(pk=user.pk).exclude(is_superuser=True)
    if not found.everywhere:
        elsewhere = (Exists(_open_roles().exclude(province__in=found.ids))
                     | (Q(headed_center__isnull=False) & ~Q(headed_center__province__in=found.ids)))
        people = people_of(found, people).exclude(elsewhere)
    senior = provinces(user, DIRECTOR, national=(NATIONAL_PLANNER,))
    if not senior.everywhere:
        people = people.exclude(Exists(_open_roles().filter(role__in=[DIRECTOR, PLANNER]).exclude(province__in=senior.ids)))
    return people


def can_deactivate(user, person):
    """Also: reactivate, give a new initial password, revoke their API tokens."""
    if not can_manage_people(user) or person.pk == user.pk or person.is_superuser:
        return False
    return manageable_people(user, get_user_model().objects.filter(pk=person.pk)).exists()


# --- checking numbers -----------------------------------------------------------------------------


def can_manage_rules(user):
    """Add, change, retire and restore validation rules (they hold in every province)."""
    return bool(provinces(user, PLANNER, DIRECTOR, national=(NATIONAL_PLANNER,)))


def require_manage_rules(user):
    if not can_manage_rules(user):
        raise PermissionDenied("validation rules are managed by the planners and the director")


def can_see_quality(user):
    """The data-quality page and the rules' list: the directorate, and a head (their own center)."""
    return is_directorate(user) or headed_center(user) is not None


def require_quality(user):
    if not can_see_quality(user):
        raise PermissionDenied("the data-quality page is for the directorate and the centers' heads")


def visible_changes(user, changes):
    """The record of changes (a queryset of AccountChange) the user's people pages show: those
    made in their provinces, and those of their provinces' people's accounts."""
    found = people_provinces(user)
    if found.everywhere:
        return changes
    if not found:
        return changes.none()
    people = people_of(found, get_user_model().objects.all())
    return changes.filter(Q(province__in=found.ids) | Q(province__isnull=True, person__in=people.values("pk")))
