"""Who may see and change which center's course register, for GET and POST: a head works on
their own center's draft or returned months only; planners on a center's behalf; the director
and staff read. Approved, submitted and future months are read-only."""

import pytest
from django.urls import reverse

from courses.models import Course
from reports.models import Figure, MonthlyReport
from tests.course_data import MONTH, YEAR, commitments, course, form_data, url
from tests.support import client_for


@pytest.fixture
def world(people, reference):
    commitments(people.center_a)
    commitments(people.center_b)
    b_course = course(people.center_b, title="آرایشگری")
    return people, b_course


def state():
    return (list(Course.objects.order_by("pk").values_list("pk", "title", "hours")),
            list(Figure.objects.values_list("pk", "value")), list(MonthlyReport.objects.values_list("pk", "version", "status")))


def change_urls(center, c):
    return {"add": url("add", center), "edit": url("edit", center, YEAR, MONTH, c.pk),
            "remove": url("remove", center, YEAR, MONTH, c.pk), "upload": url("upload", center)}


def test_a_head_cannot_open_or_change_another_centers_register(world):
    people, b_course = world
    head = client_for(people.head_a)
    before = state()
    assert head.get(url("month", people.center_b)).status_code == 404
    for name, target in change_urls(people.center_b, b_course).items():
        if name in ("add", "edit"):
            assert head.get(target).status_code == 404, name
        assert head.post(target, form_data(hours="۵۰۰")).status_code == 404, name
    assert state() == before


def test_a_heads_course_id_under_their_own_center_does_not_reach_another_centers_course(world):
    people, b_course = world
    head = client_for(people.head_a)
    assert head.get(url("edit", people.center_a, YEAR, MONTH, b_course.pk)).status_code == 404
    assert head.post(url("remove", people.center_a, YEAR, MONTH, b_course.pk), {"version": 0}).status_code == 404
    assert Course.objects.filter(pk=b_course.pk).exists()


@pytest.mark.parametrize("status", ["approved", "submitted"])
def test_a_head_cannot_change_the_register_of_an_approved_or_submitted_month(world, status):
    people, _b = world
    own = course(people.center_a)
    report = MonthlyReport.objects.create(center=people.center_a, year=YEAR, month=MONTH, status=status)
    head = client_for(people.head_a)
    before = state()
    for name, target in change_urls(people.center_a, own).items():
        if name in ("add", "edit"):
            assert head.get(target).status_code == 403, name
        assert head.post(target, form_data(version=report.version, hours="۵۰۰")).status_code == 403, name
    assert state() == before
    page = head.get(url("month", people.center_a)).content.decode()
    assert 'id="add-course"' not in page and "فقط خواندنی" in page


def test_a_future_month_cannot_get_courses(world):
    from payesh import jalali

    people, _b = world
    year, month = jalali.next_month(*jalali.current_year_month())
    assert client_for(people.head_a).get(url("add", people.center_a, year, month)).status_code == 403


def test_director_and_staff_read_every_register_but_do_not_change_it(world):
    people, b_course = world
    for user in (people.director, people.staff):
        client = client_for(user)
        assert client.get(url("month", people.center_b)).status_code == 200
        assert client.post(url("add", people.center_b), form_data()).status_code == 403
        assert client.post(url("remove", people.center_b, YEAR, MONTH, b_course.pk), {"version": 0}).status_code == 403
    assert Course.objects.count() == 1


def test_a_head_adds_to_their_own_returned_month_and_a_planner_on_a_centers_behalf(world):
    people, _b = world
    MonthlyReport.objects.create(center=people.center_a, year=YEAR, month=MONTH, status="returned", version=3)
    response = client_for(people.head_a).post(url("add", people.center_a), form_data(version=3))
    assert response.status_code == 302
    response = client_for(people.planner).post(url("add", people.center_b), form_data(version=0, title="ICDL"))
    assert response.status_code == 302
    assert Course.objects.filter(center=people.center_a).count() == 1
    assert Course.objects.filter(center=people.center_b, title="ICDL").count() == 1
    assert MonthlyReport.objects.get(center=people.center_a).version == 4


def test_a_save_on_a_month_someone_changed_meanwhile_is_refused_and_nothing_is_written(world):
    people, _b = world
    MonthlyReport.objects.create(center=people.center_a, year=YEAR, month=MONTH, status="draft", version=2)
    head = client_for(people.head_a)
    response = head.post(url("add", people.center_a), form_data(version=1))
    assert response.status_code == 409
    assert "کس دیگری" in response.content.decode()
    assert not Course.objects.filter(center=people.center_a).exists()
    assert 'name="version" value="2"' in response.content.decode()  # saving again now works


def test_the_area_page_shows_a_head_only_their_own_center(world):
    people, _b = world
    course(people.center_a, title="قالی‌بافی", area="rural_nomadic", place="روستای الف")
    course(people.center_b, title="زنبورداری", area="rural_nomadic", place="روستای ب")
    target = reverse("courses:area") + f"?area=rural_nomadic&year={YEAR}"
    mine = client_for(people.head_a).get(target).content.decode()
    assert "قالی‌بافی" in mine and "زنبورداری" not in mine
    everyone = client_for(people.director).get(target).content.decode()
    assert "قالی‌بافی" in everyone and "زنبورداری" in everyone
