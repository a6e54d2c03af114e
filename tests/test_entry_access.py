"""Who may open and change which center's months: every entry, review and export URL, for GET
and POST, for each role. A head guessing another center's URL gets 404."""

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import Figure, MonthlyReport
from tests.entry_data import MONTH, YEAR, client_for, post_data, three_commitments, url

CENTER_URLS = ["months", "month", "history", "xlsx"]  # GET pages of a center
POST_URLS = ["month", "review", "reopen", "upload"]


def center_url(name, center):
    if name == "months":
        return reverse("entry:months", args=[center.code])
    return url(name, center)


@pytest.fixture
def world(people, reference):
    a = three_commitments(people.center_a)
    b = three_commitments(people.center_b)
    report_b = MonthlyReport.objects.create(center=people.center_b, year=YEAR, month=MONTH, status="submitted")
    MonthlyReport.objects.create(center=people.center_a, year=YEAR, month=MONTH, status="submitted")
    return people, a, b, report_b


@pytest.mark.parametrize("name", CENTER_URLS)
def test_head_gets_404_for_another_centers_pages(world, name):
    people, _a, _b, _r = world
    assert client_for(people.head_a).get(center_url(name, people.center_b)).status_code == 404


@pytest.mark.parametrize("name", POST_URLS)
def test_head_posting_to_another_center_gets_404_and_nothing_changes(world, name):
    people, _a, b, report_b = world
    data = post_data(b, ["1", "2", "3"], version=report_b.version, action="approve")
    data.update(comment="x", reason="x")
    response = client_for(people.head_a).post(url(name, people.center_b), data)
    assert response.status_code == 404
    report_b.refresh_from_db()
    assert report_b.status == "submitted" and report_b.version == 1 and not Figure.objects.exists()


@pytest.mark.parametrize("name", CENTER_URLS)
def test_head_opens_their_own_centers_pages(world, name):
    people, *_ = world
    assert client_for(people.head_a).get(center_url(name, people.center_a)).status_code == 200


def test_head_cannot_review_or_reopen_their_own_month(world):
    people, *_ = world
    client = client_for(people.head_a)
    report = MonthlyReport.objects.get(center=people.center_a)
    assert client.post(url("review", people.center_a), {"version": 1, "approve": "1"}).status_code == 403
    assert client.post(url("reopen", people.center_a), {"version": 1, "reason": "x"}).status_code == 403
    report.refresh_from_db()
    assert report.status == "submitted"


@pytest.mark.parametrize("name", ["queue", "late"])
def test_province_lists_are_closed_to_heads_and_open_to_directorate_roles(world, name):
    people, *_ = world
    assert client_for(people.head_a).get(reverse(f"entry:{name}")).status_code == 403
    for user in (people.director, people.planner, people.staff):
        assert client_for(user).get(reverse(f"entry:{name}")).status_code == 200


@pytest.mark.parametrize("role", ["director", "staff"])
def test_director_and_staff_read_every_center_but_do_not_enter(world, role):
    people, a, _b, _r = world
    client = client_for(getattr(people, role))
    for name in CENTER_URLS:
        assert client.get(center_url(name, people.center_b)).status_code == 200
    before = MonthlyReport.objects.get(center=people.center_a).version
    response = client.post(url("month", people.center_a, YEAR, 1), post_data(a, ["30", "2", "3"], version=0))  # 30 person-hours for 3 person-courses (validation rules)
    assert response.status_code == 403
    assert client.post(url("upload", people.center_a), {"version": before}).status_code == 403
    assert client.post(url("review", people.center_a), {"version": before, "approve": "1"}).status_code == 403
    assert not MonthlyReport.objects.filter(month=1).exists()


def test_planner_enters_on_a_centers_behalf(world):
    people, a, _b, _r = world
    response = client_for(people.planner).post(url("month", people.center_a, YEAR, 1), post_data(a, ["30", "2", "3"], version=0))  # 30 person-hours for 3 person-courses (validation rules)
    assert response.status_code == 302
    report = MonthlyReport.objects.get(center=people.center_a, month=1)
    assert report.updated_by == people.planner and report.figures.count() == 3


def test_anonymous_visitors_are_sent_to_login(world):
    people, *_ = world
    for name in CENTER_URLS:
        response = Client().get(center_url(name, people.center_a))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_head_logging_in_lands_on_their_centers_months(world):
    people, *_ = world
    response = client_for(people.head_a).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("entry:months", args=["CA"])
    assert client_for(people.director).get(reverse("home")).status_code == 200


def test_nav_links_follow_the_role(world):
    people, *_ = world
    head = client_for(people.head_a).get(reverse("entry:months", args=["CA"])).content.decode()
    assert "گزارش‌های مرکز من" in head and "صف بررسی" not in head
    planner = client_for(people.planner).get(reverse("home")).content.decode()
    assert "صف بررسی" in planner and "گزارش‌های دیرکرد" in planner


def test_role_groups_carry_the_admin_permissions_they_need(people):
    # reference data is edited in the admin; reports, figures and commitments are only read there
    assert people.planner.has_perm("centers.change_center") and people.planner.has_perm("commitments.add_measure")
    assert people.planner.has_perm("reports.view_figure") and not people.planner.has_perm("reports.change_figure")
    assert not people.planner.has_perm("commitments.add_commitment")
    assert people.director.has_perm("reports.view_monthlyreport") and not people.director.has_perm("reports.change_monthlyreport")
    assert people.staff.has_perm("reports.view_monthlyreport") and not people.staff.has_perm("reports.change_figure")
    assert not people.head_a.has_perm("commitments.view_commitment")
