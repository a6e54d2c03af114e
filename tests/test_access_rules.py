"""Every role decision lives in accounts/access.py; these call its functions directly. The pages
that ask them are tested in test_entry_access, test_courses_access, test_meetings_permissions,
test_commitments_pages and, for other centers' drafts, below."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from accounts import access
from courses.models import Course
from meetings.models import Meeting
from reports.models import MonthlyReport
from tests import factories
from tests.course_data import course
from tests.entry_data import client_for
from tests.meetings_helpers import meeting


@pytest.fixture
def users(people):
    other_province = factories.province("tehran", "تهران")
    people.head_c = factories.user("head-c", "center_head")
    people.center_c = factories.center(other_province, "CC", head=people.head_c)
    people.nobody = factories.user("nobody")
    people.superuser = factories.user("root", is_superuser=True)
    return people


def everyone(p):
    return {"director": p.director, "planner": p.planner, "staff": p.staff, "head_a": p.head_a, "head_b": p.head_b,
            "nobody": p.nobody, "anonymous": AnonymousUser(), "superuser": p.superuser}


def who(p, decide):
    return {name for name, user in everyone(p).items() if decide(user)}


DIRECTORATE = {"director", "planner", "staff", "superuser"}


def test_centers_and_their_months(users):
    p = users
    assert who(p, lambda u: access.can_view_center(u, p.center_a)) == DIRECTORATE | {"head_a"}
    assert who(p, lambda u: access.can_enter(u, p.center_a)) == {"planner", "superuser", "head_a"}
    assert who(p, access.can_review) == {"planner", "superuser"}
    assert who(p, access.can_reopen) == {"director", "superuser"}
    assert who(p, access.can_see_province) == DIRECTORATE
    assert who(p, access.is_center_head_only) == {"head_a", "head_b"}
    assert access.center_for_view(p.head_a, "CA") == p.center_a
    for code in ("CB", "NOPE"):
        with pytest.raises(Http404):
            access.center_for_view(p.head_a, code)
    with pytest.raises(PermissionDenied):
        access.center_for_entry(p.director, "CA")
    assert access.center_for_entry(p.planner, "CB") == p.center_b


def test_commitments_are_planned_by_planners_and_the_director(users):
    assert who(users, access.can_plan_commitments) == {"director", "planner", "superuser"}


def test_the_nav_and_the_commitments_pages_ask_the_same_function(users):
    from commitments.templatetags.commitments_nav import register

    assert register.filters["plans_commitments"] is access.can_plan_commitments
    for user in everyone(users).values():
        response = client_for(user).get(reverse("commitments:list")) if user.is_authenticated else None
        if response is not None:
            assert (response.status_code == 200) == access.can_plan_commitments(user)


def test_meetings(users, reference):
    p = users
    m = meeting(p)
    elsewhere = Meeting.objects.create(province=p.center_c.province, date=m.date, title="t", year=1405, month=4)
    assert who(p, access.can_record_meetings) == {"planner", "staff", "superuser"}
    assert who(p, access.can_follow_up) == {"planner", "staff", "superuser"}
    assert who(p, access.can_export_minutes) == DIRECTORATE
    assert access.meeting_center(p.director) is None and access.meeting_center(p.head_a) == p.center_a
    assert list(access.visible_meetings(p.director, Meeting.objects.all())) == [m]  # their province's only
    assert set(access.visible_meetings(p.superuser, Meeting.objects.all())) == {m, elsewhere}
    assert list(access.visible_meetings(p.head_a, Meeting.objects.all())) == [m] and list(access.visible_meetings(p.head_c, Meeting.objects.all())) == [elsewhere]
    assert not access.visible_meetings(p.nobody, Meeting.objects.all()).exists()
    with pytest.raises(Http404):
        access.meeting_for_view(p.head_a, Meeting.objects.all(), elsewhere.pk)
    assert access.meeting_for_view(p.head_a, Meeting.objects.all(), m.pk) == m
    assert who(p, lambda u: access.can_write_remark(u, m, p.center_a)) == {"planner", "staff", "superuser", "head_a"}
    assert not access.can_write_remark(p.head_c, m, p.center_c)  # another province's center
    m.status = "finalized"
    assert who(p, lambda u: access.can_write_remark(u, m, p.center_a)) == set()


def test_courses_across_centers(users, reference):
    p = users
    factories.commitment(p.center_a)
    mine, theirs = course(p.center_a), course(p.center_b, title="آرایشگری")
    assert set(access.visible_courses(p.staff, Course.objects.all())) == {mine, theirs}
    assert list(access.visible_courses(p.head_a, Course.objects.all())) == [mine]
    with pytest.raises(PermissionDenied):
        access.visible_courses(p.nobody, Course.objects.all())


def test_uncounted_work_is_for_the_center_and_the_directorate(users):
    p = users
    draft = MonthlyReport(center=p.center_a, status="draft")
    returned = MonthlyReport(center=p.center_a, status="returned")
    submitted = MonthlyReport(center=p.center_a, status="submitted")
    approved = MonthlyReport(center=p.center_a, status="approved")
    # everyone who reads the province (a head of another province, or someone of none, does not)
    readers = {"director", "planner", "staff", "head_a", "head_b", "superuser"}
    assert who(p, lambda u: access.can_see_uncounted(u, p.center_a)) == DIRECTORATE | {"head_a"}
    for report in (draft, returned):
        assert who(p, lambda u, r=report: access.can_see_figures(u, p.center_a, r)) == DIRECTORATE | {"head_a"}
    for report in (submitted, approved):
        assert who(p, lambda u, r=report: access.can_see_figures(u, p.center_a, r)) == readers
        assert not access.can_see_figures(p.head_c, p.center_a, report)
    assert not access.can_see_figures(p.director, p.center_a, None)


# --- other centers' drafts on the dashboards ------------------------------------------------------

MONTH_URL = ("dashboards:center_month", ["CA", 1405, 1])
COMMENT = "دوره جوشکاری تمدید شد"
RETURN_REASON = "نفرساعت روستایی را بازبینی کنید"


@pytest.fixture
def draft_month(people, reference):
    factories.commitment(people.center_a)
    report = factories.report(people.center_a, month=1, status="draft", figures=[
        ("public", "fixed_urban", "person_hours", 4321)])
    report.figures.update(comment=COMMENT)
    return people, report


def month_page(user):
    return client_for(user).get(reverse(MONTH_URL[0], args=MONTH_URL[1])).content.decode()


def test_another_head_sees_no_figures_or_comments_of_a_draft(draft_month):
    people, _report = draft_month
    html = month_page(people.head_b)
    assert "۴٬۳۲۱" not in html and COMMENT not in html and 'id="figures"' not in html
    assert 'id="figures-withheld"' in html


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_once_submitted_another_head_sees_the_numbers_but_not_the_comments(draft_month, status):
    people, report = draft_month
    MonthlyReport.objects.filter(pk=report.pk).update(status=status)
    html = month_page(people.head_b)
    assert "۴٬۳۲۱" in html and COMMENT not in html and 'id="figures-withheld"' not in html


def test_a_returned_months_figures_and_reason_stay_with_the_center(draft_month):
    people, report = draft_month
    MonthlyReport.objects.filter(pk=report.pk).update(status="returned", return_comment=RETURN_REASON)
    html = month_page(people.head_b)
    assert "۴٬۳۲۱" not in html and RETURN_REASON not in html and COMMENT not in html
    center_html = client_for(people.head_b).get(reverse("dashboards:center", args=["CA"]), {"year": 1405}).content.decode()
    assert RETURN_REASON not in center_html
    for user in (people.head_a, people.planner, people.director, people.staff):
        assert RETURN_REASON in client_for(user).get(reverse("dashboards:center", args=["CA"]), {"year": 1405}).content.decode()


@pytest.mark.parametrize("status", ["draft", "returned", "approved"])
def test_the_centers_head_and_the_directorate_see_everything(draft_month, status):
    people, report = draft_month
    MonthlyReport.objects.filter(pk=report.pk).update(status=status, return_comment=RETURN_REASON)
    for user in (people.head_a, people.planner, people.director, people.staff):
        html = month_page(user)
        assert "۴٬۳۲۱" in html and COMMENT in html and RETURN_REASON in html, (user, status)
