"""draft -> submitted -> approved, or returned with a comment -> draft again; approved months are
read-only; only the director reopens one, with a reason; every change keeps who, when, old and new."""

import datetime

import pytest
from django.urls import reverse

from payesh import jalali
from reports import services
from reports.deadlines import late_and_missing, of_report
from reports.grid import check_entries, load_grid
from reports.models import MonthlyReport
from tests.entry_data import MONTH, YEAR, post_data, three_commitments, url
from tests.support import client_for


@pytest.fixture
def submitted(people, reference):
    commitments = three_commitments(people.center_a)
    client_for(people.head_a).post(url("month", people.center_a), post_data(commitments, ["100", "200", "10"], 0, action="submit"))
    return people, commitments, MonthlyReport.objects.get()


def test_submit_then_planner_approves_and_the_month_is_read_only(submitted):
    people, commitments, report = submitted
    assert report.status == "submitted" and report.submitted_by == people.head_a
    response = client_for(people.planner).post(url("review", people.center_a), {"version": report.version, "approve": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "approved" and report.approved_by == people.planner
    head = client_for(people.head_a)
    html = head.get(url("month", people.center_a)).content.decode()
    assert "فقط‌خواندنی" in html and 'name="value_' not in html
    response = head.post(url("month", people.center_a), post_data(commitments, ["1", "2", "3"], report.version))
    assert '<div class="msg error">این ماه تأیید شده و فقط‌خواندنی است.</div>' in response.content.decode()
    assert sorted(report.figures.values_list("value", flat=True)) == [10, 100, 200]


@pytest.mark.parametrize("elsewhere", ["//evil.example/", "/\\evil.example/", "https://evil.example/", "/\t/evil.example/"])
def test_a_review_never_sends_the_reviewer_to_another_site(submitted, elsewhere):
    people, _commitments, report = submitted
    response = client_for(people.planner).post(url("review", people.center_a),
                                               {"version": report.version, "approve": "1", "next": elsewhere})
    assert response.status_code == 302 and response["Location"] == url("month", people.center_a)


def test_a_review_from_the_queue_returns_to_the_queue(submitted):
    people, _commitments, report = submitted
    response = client_for(people.planner).post(url("review", people.center_a),
                                               {"version": report.version, "approve": "1", "next": "/reports/review/"})
    assert response.status_code == 302 and response["Location"] == "/reports/review/"


def test_return_needs_a_comment_and_editing_makes_it_a_draft_again(submitted):
    people, commitments, report = submitted
    planner = client_for(people.planner)
    planner.post(url("review", people.center_a), {"version": report.version, "return": "1", "comment": ""})
    report.refresh_from_db()
    assert report.status == "submitted"
    planner.post(url("review", people.center_a), {"version": report.version, "return": "1", "comment": "نفرساعت روستایی را بازبینی کنید"})
    report.refresh_from_db()
    assert report.status == "returned" and report.returned_by == people.planner
    head = client_for(people.head_a)
    assert "نفرساعت روستایی را بازبینی کنید" in head.get(url("month", people.center_a)).content.decode()
    head.post(url("month", people.center_a), post_data(commitments, ["100", "180", "10"], report.version))
    report.refresh_from_db()
    assert report.status == "draft"


def test_only_the_director_reopens_an_approved_month_with_a_reason(submitted):
    people, _commitments, report = submitted
    services.approve(report, people.planner, report.version)
    version = report.version
    for user in (people.planner, people.staff, people.head_a):
        response = client_for(user).post(url("reopen", people.center_a), {"version": version, "reason": "خطا"})
        assert response.status_code == 403
    director = client_for(people.director)
    director.post(url("reopen", people.center_a), {"version": version, "reason": ""})
    report.refresh_from_db()
    assert report.status == "approved"
    director.post(url("reopen", people.center_a), {"version": version, "reason": "جابجایی ارقام دو حوزه"})
    report.refresh_from_db()
    assert report.status == "draft" and report.reopened_by == people.director
    assert report.reopen_reason == "جابجایی ارقام دو حوزه"


def test_workflow_rules_in_the_services(submitted):
    people, _c, report = submitted
    with pytest.raises(services.WorkflowError):
        services.reopen(report, people.director, report.version, "x")  # not approved
    with pytest.raises(services.StaleReport):
        services.approve(report, people.planner, report.version - 1)
    services.approve(report, people.planner, report.version)
    with pytest.raises(services.WorkflowError):
        services.approve(report, people.planner, report.version)


def test_history_keeps_who_when_old_and_new(submitted):
    people, commitments, report = submitted
    client_for(people.planner).post(url("review", people.center_a), {"version": report.version, "return": "1", "comment": "اصلاح شود"})
    report.refresh_from_db()
    client_for(people.head_a).post(url("month", people.center_a), post_data(commitments, ["100", "180", "10"], report.version))
    changed = list(report.figures.get(value=180).history.all())
    assert [(h.value, h.history_user.username, h.history_type) for h in changed] == [(180, "head-a", "~"), (200, "head-a", "+")]
    statuses = list(report.history.order_by("history_id").values_list("status", "history_user__username"))
    assert ("returned", "planner") in statuses and statuses[-1] == ("draft", "head-a")
    html = client_for(people.head_a).get(url("history", people.center_a)).content.decode()
    assert "روستایی و عشایری – نفرساعت آموزش" in html
    assert "۲۰۰" in html and "۱۸۰" in html and "برگشت‌خورده" in html and "اصلاح شود" in html
    today = jalali.format_jalali_date(datetime.datetime.now(datetime.UTC))
    assert today in html  # Jalali dates with Persian digits


def test_review_queue_lists_submitted_oldest_first_with_change_against_previous_month(people, reference):
    commitments = three_commitments(people.center_a) + three_commitments(people.center_b)
    a, b = commitments[:3], commitments[3:]
    grid = load_grid(people.center_a, YEAR, 1)
    entries, _ = check_entries(grid, {c.pk: (v, "") for c, v in zip(a, ["80", "120", "5"])})
    services.save_month(grid, entries, people.head_a, 0, submit=True)
    first = MonthlyReport.objects.get(month=1)
    services.approve(first, people.planner, first.version)
    for center, head, cs, values in ((people.center_b, people.head_b, b, ["50", "50", "5"]), (people.center_a, people.head_a, a, ["100", "200", "10"])):
        grid = load_grid(center, YEAR, MONTH)
        entries, _ = check_entries(grid, {c.pk: (v, "") for c, v in zip(cs, values)})
        services.save_month(grid, entries, head, 0, submit=True)
    html = client_for(people.planner).get(reverse("entry:queue")).content.decode()
    assert html.index("مرکز ب") < html.index("مرکز الف")  # B submitted first
    assert "۳۰۰" in html and "۲۰۰" in html and "+۵۰٪" in html  # A: 300 person-hours against 200


def test_late_and_missing_reports(people, reference):
    three_commitments(people.center_a)
    three_commitments(people.center_b)
    after = jalali.deadline_end(YEAR, MONTH, 5)
    on_time = after - datetime.timedelta(days=2)
    MonthlyReport.objects.create(center=people.center_a, year=YEAR, month=MONTH, status="submitted",
                                 submitted_at=after + datetime.timedelta(hours=1))
    rows = late_and_missing(YEAR, MONTH, now=after + datetime.timedelta(days=1))
    assert [(r.center.code, r.state) for r in rows] == [("CA", "late"), ("CB", "missing")]
    assert [r.state for r in late_and_missing(YEAR, MONTH, now=on_time)] == ["late", "awaiting"]
    report = MonthlyReport(status="submitted", submitted_at=on_time)
    assert of_report(report, YEAR, MONTH) == "on_time"
    html = client_for(people.staff).get(reverse("entry:late") + f"?year={YEAR}&month={MONTH}").content.decode()
    assert "مرکز الف" in html and "با تأخیر" in html and "ارسال‌نشده" in html
