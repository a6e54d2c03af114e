"""One rule decides whether a month may be edited (reports/editing.py), and the entry page, the
course register, the services and the upload all follow it, with its reason."""

import pytest
from django.urls import reverse
from django.utils import translation

from commitments.models import FiscalYear
from courses.models import Course
from reports import editing, services
from reports.grid import check_entries, load_grid
from reports.models import Figure, MonthlyReport
from tests import course_data
from tests.entry_data import MONTH, YEAR, post_data, three_commitments, url
from tests.reports.test_entry_xlsx import download, upload
from tests.support import client_for

CLOSED = "سال ۱۴۰۵ بسته شده است؛ گزارش‌های آن دیگر تغییر نمی‌کنند."


def report(status):
    return MonthlyReport(status=status)


def test_lock_reason_names_why_nobody_may_change_the_month():
    with translation.override("fa"):
        assert editing.lock_reason(YEAR, MONTH) == ""
        assert editing.lock_reason(YEAR, MONTH, report("draft")) == ""
        assert editing.lock_reason(YEAR, MONTH, report("returned")) == ""
        assert editing.lock_reason(YEAR, MONTH, report("draft"), year_closed=True) == CLOSED
        assert editing.lock_reason(YEAR, MONTH, report("submitted")) == "ارسال شده؛ در انتظار بررسی معاونت برنامه‌ریزی."
        assert editing.lock_reason(YEAR, MONTH, report("approved")) == "این ماه تأیید شده و فقط‌خواندنی است."
        assert "هنوز شروع نشده" in editing.lock_reason(1500, 1)
    with translation.override("en"):
        assert editing.lock_reason(YEAR, MONTH, year_closed=True) == "The year 1405 is closed; its reports no longer change."


def test_editability_adds_who_may_enter(people):
    a = people.center_a
    assert editing.editability(people.head_a, a, YEAR, MONTH)
    assert editing.editability(people.planner, a, YEAR, MONTH)
    for user in (people.director, people.staff):
        verdict = editing.editability(user, a, YEAR, MONTH)
        assert not verdict and "رئیس" in verdict.reason
    # the month's own lock is the reason given, whoever asks
    assert editing.editability(people.director, a, YEAR, MONTH, report("approved")).reason == \
        editing.lock_reason(YEAR, MONTH, report("approved"))
    closed = editing.editability(people.head_a, a, YEAR, MONTH, report("draft"), year_closed=True)
    assert (closed.allowed, closed.reason) == (False, CLOSED)


@pytest.fixture
def closed_year(people, reference):
    commitments = three_commitments(people.center_a)
    MonthlyReport.objects.create(center=people.center_a, year=YEAR, month=MONTH, status="draft")
    FiscalYear.objects.update_or_create(year=YEAR, defaults={"closed": True})
    return people, commitments


def test_the_grid_knows_the_year_is_closed_without_another_query(closed_year, django_assert_num_queries):
    people, _commitments = closed_year
    with django_assert_num_queries(5):  # commitments (with the year's flag), report, its figures, actuals, register
        grid = load_grid(people.center_a, YEAR, MONTH)
    assert grid.year_closed
    assert load_grid(people.center_b, YEAR, MONTH).year_closed  # no commitments: asked separately
    assert not load_grid(people.center_a, 1404, MONTH).year_closed


def test_a_closed_year_shows_no_save_or_submit_and_says_why(closed_year):
    people, _commitments = closed_year
    html = client_for(people.head_a).get(url("month", people.center_a)).content.decode()
    assert 'name="save"' not in html and 'name="submit"' not in html and 'name="value_' not in html
    assert 'id="locked-because">' + CLOSED in html
    assert url("upload", people.center_a) not in html and 'enctype="multipart/form-data"' not in html
    months = client_for(people.head_a).get(reverse("entry:months", args=[people.center_a.code]), {"year": YEAR})
    assert months.context["year_closed"] and not any(row.editable for row in months.context["months"])


def test_a_post_to_a_closed_year_is_refused_with_the_reason_and_nothing_is_saved(closed_year):
    people, commitments = closed_year
    for user in (people.head_a, people.planner):
        response = client_for(user).post(url("month", people.center_a), post_data(commitments, ["1", "2", "3"], 1))
        assert response.status_code == 200
        assert f'<div class="msg error">{CLOSED}</div>' in response.content.decode()
    assert not Figure.objects.exists()
    assert MonthlyReport.objects.get().version == 1


def test_an_upload_to_a_closed_year_is_refused_with_the_reason(closed_year):
    people, _commitments = closed_year
    client = client_for(people.head_a)
    wb = download(client, people.center_a)
    html = upload(client, people.center_a, wb, 1).content.decode()
    assert CLOSED in html and not Figure.objects.exists()


def test_the_service_refuses_a_closed_year_whoever_calls_it(closed_year):
    people, commitments = closed_year
    grid = load_grid(people.center_a, YEAR, MONTH)
    entries, _errors = check_entries(grid, {c.pk: ("5", "") for c in commitments})
    with translation.override("fa"), pytest.raises(services.WorkflowError, match=CLOSED):
        services.save_month(grid, entries, people.planner, 1)


def test_the_course_register_of_a_closed_year_offers_no_add_or_upload(people, reference):
    course_data.commitments(people.center_a)
    course_data.course(people.center_a)
    FiscalYear.objects.update_or_create(year=YEAR, defaults={"closed": True})
    head = client_for(people.head_a)
    response = head.get(course_data.url("month", people.center_a))
    html = response.content.decode()
    assert response.status_code == 200 and not response.context["editable"]
    assert 'id="add-course"' not in html and 'enctype="multipart/form-data"' not in html
    assert CLOSED in html
    assert head.get(course_data.url("add", people.center_a)).status_code == 403
    assert head.post(course_data.url("add", people.center_a), course_data.form_data()).status_code == 403
    assert Course.objects.count() == 1
