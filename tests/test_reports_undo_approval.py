"""An approval from the review queue cannot be one wrong click: a comment typed beside Approve
is not dropped unread, and the planner who approved a month takes the approval back on the same
day, with a reason (the month waits for review again); after that, reopening stays the
director's."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts import access
from reports import services
from reports.deadlines import of_report
from reports.models import MonthlyReport
from tests import factories
from tests.entry_data import MONTH, YEAR, client_for, post_data, three_commitments, url

QUEUE = "/reports/review/"


@pytest.fixture
def submitted(people, reference):
    commitments = three_commitments(people.center_a)
    client_for(people.head_a).post(url("month", people.center_a), post_data(commitments, ["100", "200", "10"], 0, action="submit"))
    return people, MonthlyReport.objects.get()


def approve_from_the_queue(client, people, report, **extra):
    return client.post(url("review", people.center_a), {"version": report.version, "approve": "1", "next": QUEUE, **extra},
                       follow=True)


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_approving_with_a_comment_typed_beside_it_is_refused(submitted):
    people, report = submitted
    response = approve_from_the_queue(client_for(people.planner), people, report, comment="نفرساعت روستایی را ببینید")
    assert "توضیح تنها همراه بازگرداندن فرستاده می‌شود" in text(response)
    report.refresh_from_db()
    assert report.status == "submitted"


def test_the_planner_takes_their_approval_back_from_the_queue_the_same_day(submitted):
    people, report = submitted
    planner = client_for(people.planner)
    timeliness = of_report(report, YEAR, MONTH)
    response = approve_from_the_queue(planner, people, report)
    assert 'id="approved-today"' in response.content.decode() and "تأییدشده به دست شما در امروز" in text(response)
    report.refresh_from_db()
    assert report.status == "approved"

    response = planner.post(url("reopen", people.center_a), {"version": report.version, "undo_approval": "1",
                                                             "reason": "به اشتباه تأیید شد", "next": QUEUE}, follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    assert "پس گرفته شد؛ دوباره در انتظار بررسی است." in text(response)
    report.refresh_from_db()
    assert report.status == "submitted" and report.approved_at is None and report.approved_by is None
    assert report.reopened_by == people.planner and report.reopen_reason == "به اشتباه تأیید شد"
    assert report.submitted_by == people.head_a and of_report(report, YEAR, MONTH) == timeliness  # as submitted
    assert 'id="queue"' in response.content.decode() and 'id="approved-today"' not in response.content.decode()
    assert [h.status for h in report.history.order_by("history_date", "history_id")][-2:] == ["approved", "submitted"]


def test_taking_an_approval_back_needs_a_reason(submitted):
    people, report = submitted
    services.approve(report, people.planner, report.version)
    response = client_for(people.planner).post(url("reopen", people.center_a), {
        "version": report.version, "undo_approval": "1", "reason": " "}, follow=True)
    assert "دلیل بازگشایی ماه را بنویسید." in text(response)
    report.refresh_from_db()
    assert report.status == "approved"


def test_only_the_approving_planner_on_the_same_day_and_after_that_the_director(submitted, monkeypatch):
    people, report = submitted
    services.approve(report, people.planner, report.version)
    colleague = factories.user("planner-2", "planner")
    assert access.can_undo_approval(people.planner, report) and not access.can_undo_approval(colleague, report)
    assert not access.can_undo_approval(people.director, report)
    page = client_for(people.planner).get(url("month", people.center_a)).content.decode()
    assert 'id="undo-approval-form"' in page and 'id="reopen-form"' not in page
    assert 'id="undo-approval-form"' not in client_for(colleague).get(url("month", people.center_a)).content.decode()
    client_for(colleague).post(url("reopen", people.center_a), {"version": report.version, "undo_approval": "1", "reason": "x"})
    assert client_for(people.head_a).post(url("reopen", people.center_a), {
        "version": report.version, "undo_approval": "1", "reason": "x"}).status_code == 403
    report.refresh_from_db()
    assert report.status == "approved"

    # the next day (Tehran's) the approval is no longer the planner's to take back
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert not access.can_undo_approval(people.planner, report)
    planner = client_for(people.planner)
    assert 'id="approved-today"' not in planner.get(QUEUE).content.decode()
    assert 'id="undo-approval-form"' not in planner.get(url("month", people.center_a)).content.decode()
    response = planner.post(url("reopen", people.center_a), {"version": report.version, "undo_approval": "1",
                                                             "reason": "دیر"}, follow=True)
    assert "پس از آن، مدیرکل آن را بازمی‌گشاید" in text(response)
    assert planner.post(url("reopen", people.center_a), {"version": report.version, "reason": "دیر"}).status_code == 403
    report.refresh_from_db()
    assert report.status == "approved"
    client_for(people.director).post(url("reopen", people.center_a), {"version": report.version, "reason": "اصلاح ارقام"})
    report.refresh_from_db()
    assert report.status == "draft"  # the director's reopening: back to the center


def test_the_approval_of_yesterday_evening_is_not_of_today_in_tehran(submitted):
    people, report = submitted
    services.approve(report, people.planner, report.version)
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)  # Tehran's midnight
    MonthlyReport.objects.filter(pk=report.pk).update(approved_at=midnight - datetime.timedelta(minutes=1))
    report.refresh_from_db()
    assert not access.can_undo_approval(people.planner, report)
    MonthlyReport.objects.filter(pk=report.pk).update(approved_at=midnight + datetime.timedelta(minutes=1))
    report.refresh_from_db()
    assert access.can_undo_approval(people.planner, report)
