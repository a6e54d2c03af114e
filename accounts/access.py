"""Every role decision of Payesh, in one place: views, template tags and services ask these
plain functions (tests call them directly); accounts/roles.py is the role lookup below them.

Centers and their monthly reports
- A center head works on their own center only; a guessed URL of another center gets 404 (we do
  not confirm that it exists). Planners enter on a center's behalf and review; the director and
  staff read every center; only the director reopens an approved month, except that a planner
  takes back their own approval on the day they made it (it goes back to review).

What the dashboards show of another center
- Every signed-in user reads the counted numbers (submitted and approved reports) of every
  center: the monthly meeting reviews all centers in front of all heads.
- A draft's or a returned report's figures, per-figure comments and return reasons are the
  center's own business until counted: only its head and the directorate (director, planner,
  staff) see them.

Commitments
- Planners and the director plan them (list, import, allocate, phase, revise); nobody else.

Meetings
- Planners and staff record meetings (create, edit, remarks of any center, action items,
  finalize) and mark action items done (also after finalizing); the directorate exports the
  minutes; a center head sees the meetings of their province, in them the province's headline
  and their own center only, and writes their own center's remarks while the meeting is a draft.
  A finalized meeting is read-only except for action item statuses.

Course register
- The directorate lists every center's courses; a head only their own center's.

People of the province (accounts, heads of centers, the record of changes)
- The director and planners manage them without the admin; staff and heads get 403. Nobody
  deactivates their own account or a superuser's; a planner does not deactivate the director
  or another planner (the director does). Whom they may deactivate, they also give a new
  initial password, and see and revoke the API tokens of.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from centers.models import Center

from .roles import DIRECTOR, PLANNER, STAFF, has_role, headed_center, is_director, is_planner, sees_all_centers


def require(allowed):
    """403 unless allowed."""
    if not allowed:
        raise PermissionDenied


# --- centers and their monthly reports ----------------------------------------------------------


def is_directorate(user):
    """Director, planner or staff: they work across the province."""
    return sees_all_centers(user)


def is_own_center(user, center):
    own = headed_center(user)
    return own is not None and own.pk == center.pk


def can_view_center(user, center):
    """The center's own pages (months, entry grid, course register): its head and the directorate."""
    return is_directorate(user) or is_own_center(user, center)


def can_enter(user, center):
    """Edit a draft or returned month: the center's head, or a planner on its behalf."""
    return is_planner(user) or is_own_center(user, center)


def can_review(user):
    return is_planner(user)


def can_reopen(user):
    """Reopen an approved month (back to draft for the center): the director."""
    return is_director(user)


def can_undo_approval(user, report):
    """Take back an approval (the month goes back to review): the planner who approved it, on
    the day they did (Tehran's day); after that, reopening it is the director's (can_reopen)."""
    return (is_planner(user) and report is not None and report.is_approved and report.approved_by_id == user.pk
            and report.approved_at is not None and timezone.localdate(report.approved_at) == timezone.localdate())


def can_see_province(user):
    """The province-wide pages: the province dashboard, the review queue, late and missing reports."""
    return is_directorate(user)


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
    they may see it but not change it (director, staff)."""
    center = center_for_view(user, code)
    if not can_enter(user, center):
        raise PermissionDenied("this role does not enter figures")
    return center


def viewable_centers(user, centers):
    """The centers (a queryset) whose own pages and entry data this user may open, as
    can_view_center decides one by one: all for the directorate, a head's own only, else none.
    The lists of the API narrow to these; a center outside them answers 404."""
    if is_directorate(user):
        return centers
    own = headed_center(user)
    return centers.filter(pk=own.pk) if own is not None else centers.none()


def can_import_figures(user):
    """Whether the user enters some center's figures (a planner: any; a head: their own), so may
    upload a file of them (each row is then checked with can_enter)."""
    return is_planner(user) or headed_center(user) is not None


def require_enters_figures(user):
    if not can_import_figures(user):
        raise PermissionDenied("this role does not enter figures")


def require_review(user):
    if not can_review(user):
        raise PermissionDenied("only planners review reports")


def require_reopen(user):
    if not can_reopen(user):
        raise PermissionDenied("only the director reopens an approved month")


def require_province(user):
    if not can_see_province(user):
        raise PermissionDenied("province-wide lists are for directorate roles")


# --- what the dashboards show of a center -------------------------------------------------------


def can_see_uncounted(user, center):
    """A draft's or a returned report's figures, per-figure comments and return reasons: the
    center's head and the directorate."""
    return can_view_center(user, center)


def can_see_figures(user, center, report):
    """A month's figures: everyone signed in once they count (submitted, approved); before that
    (draft, returned) only those who see the center's uncounted work."""
    return report is not None and (report.is_counted or can_see_uncounted(user, center))


# --- commitments --------------------------------------------------------------------------------


def can_plan_commitments(user):
    """Planners and the director plan commitments; a center head (or anyone else) gets 403."""
    return is_planner(user) or is_director(user)


def visible_commitments(user, commitments):
    """The commitments (a queryset) this user may list: all of them for those who plan them
    (can_plan_commitments, as the commitments pages); a head their own center's confirmed ones
    (the rows of their entry grid; a draft is not communicated yet); nobody else any."""
    if can_plan_commitments(user):
        return commitments
    own = headed_center(user)
    if own is None:
        return commitments.none()
    return commitments.confirmed().filter(center=own)


# --- meetings -----------------------------------------------------------------------------------


def can_record_meetings(user):
    return has_role(user, PLANNER, STAFF)


def can_export_minutes(user):
    return is_directorate(user)


def can_follow_up(user):
    """Marking action items done (also after finalizing)."""
    return can_record_meetings(user)


def meeting_center(user):
    """None when the user sees every center of a meeting; a head's own center otherwise (they see
    the province's headline and that center's row, remarks and action items)."""
    return None if is_directorate(user) else headed_center(user)


def visible_meetings(user, meetings):
    """The meetings (a queryset: meetings depends on accounts, not the other way round) this user
    may see: all for the directorate, their province's for a head, none for anyone else."""
    if is_directorate(user):
        return meetings
    center = headed_center(user)
    if center is None:
        return meetings.none()
    return meetings.filter(province_id=center.province_id)


def meeting_for_view(user, meetings, pk):
    """The meeting (of a queryset) if the user may see it, else 404 (a head never learns of another
    province's)."""
    return get_object_or_404(visible_meetings(user, meetings).select_related("province", "chair", "finalized_by"), pk=pk)


def can_write_remark(user, meeting, center):
    """A center's remarks in a draft meeting of its province: recorders for any center, a head for
    their own."""
    if meeting.is_finalized or center.province_id != meeting.province_id:
        return False
    return can_record_meetings(user) or is_own_center(user, center)


# --- course register ----------------------------------------------------------------------------


def visible_courses(user, courses):
    """The courses (a queryset) this user may list across centers: all for the directorate, a
    head's own center's only; 403 for anyone else."""
    if is_directorate(user):
        return courses
    own = headed_center(user)
    if own is None:
        raise PermissionDenied("no center to show")
    return courses.filter(center=own)


# --- people of the province ---------------------------------------------------------------------


def can_manage_people(user):
    return is_director(user) or is_planner(user)


def require_people(user):
    if not can_manage_people(user):
        raise PermissionDenied("the people pages are for the director and planners")


def can_deactivate(user, person):
    """Also: reactivate, give a new initial password, revoke their API tokens."""
    if not can_manage_people(user) or person.pk == user.pk or person.is_superuser:
        return False
    return is_director(user) or not (is_director(person) or is_planner(person))


def manageable_people(user, people):
    """The people (a queryset of users) whom `user` may deactivate: can_deactivate as a query."""
    if not can_manage_people(user):
        return people.none()
    people = people.exclude(pk=user.pk).exclude(is_superuser=True)
    if is_director(user):
        return people
    return people.exclude(groups__name__in=[DIRECTOR, PLANNER])
