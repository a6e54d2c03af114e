"""The monthly cycle with the clock set to chosen Jalali days: who is told what, exactly once,
across two runs of the command."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications import cycle
from notifications.models import Kind, Notification
from tests import factories
from tests.notifications_helpers import day, month_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(people, reference, settings):
    settings.PAYESH_REMINDER_DAYS = 3
    settings.PAYESH_REVIEW_WAIT_DAYS = 3
    settings.PAYESH_ACTION_DUE_DAYS = 7
    settings.PAYESH_REPORT_DEADLINE_DAY = 5
    return month_data(people)


def told(kind=None):
    """{(kind, username)} of the notifications made so far."""
    qs = Notification.objects.all() if kind is None else Notification.objects.filter(kind=kind)
    return sorted((n.kind, n.recipient.username) for n in qs.select_related("recipient"))


def run_twice(today):
    """The command twice on the same day; the second run must add nothing and mail nothing."""
    call_command("run_cycle", today=today)
    made, mailed = Notification.objects.count(), len(mail.outbox)
    call_command("run_cycle", today=today)
    assert Notification.objects.count() == made
    assert len(mail.outbox) == mailed


def test_four_days_before_the_deadline_nobody_hears_of_reports(setup):
    run_twice("1405/05/01")
    assert told(Kind.REMINDER) == told(Kind.LATE) == told(Kind.ESCALATION) == told(Kind.DIGEST) == []


def test_three_days_before_the_deadline_the_head_who_has_not_submitted_is_reminded_once(setup, people):
    run_twice("1405/05/02")
    assert told(Kind.REMINDER) == [("reminder", "head-b")]
    reminder = Notification.objects.get(kind=Kind.REMINDER)
    assert reminder.about == "center:CB" and reminder.period == "1405-04"
    assert "تیر ۱۴۰۵" in reminder.title and "۱۴۰۵/۰۵/۰۵" in reminder.title
    assert reminder.link == "/reports/centers/CB/1405/4/"
    # the next days up to the deadline day remind nobody again
    run_twice("1405/05/05")
    assert told(Kind.REMINDER) == [("reminder", "head-b")]
    assert told(Kind.LATE) == told(Kind.ESCALATION) == []
    assert [m.to for m in mail.outbox if "یادآوری" in m.subject] == [["head-b@example.org"]]


def test_on_the_deadline_day_a_head_not_yet_reminded_is_reminded_and_nobody_is_late(setup):
    run_twice("1405/05/05")
    assert told(Kind.REMINDER) == [("reminder", "head-b")]
    assert told(Kind.LATE) == told(Kind.ESCALATION) == told(Kind.DIGEST) == []


def test_the_day_after_the_deadline_the_late_head_the_director_and_planners_hear_once(setup, people):
    run_twice("1405/05/06")
    assert told(Kind.REMINDER) == []  # too late for a reminder
    assert told(Kind.LATE) == [("late", "head-b")]
    assert told(Kind.ESCALATION) == [("escalation", "director"), ("escalation", "planner")]
    escalation = Notification.objects.get(kind=Kind.ESCALATION, recipient=people.director)
    assert "مرکز ب" in escalation.body and "مرکز الف" not in escalation.body
    assert escalation.link == "/reports/late/?year=1405&month=4"
    assert told(Kind.DIGEST) == [("digest", "director")]
    # a week later, nothing about Tir is said again
    run_twice("1405/05/13")
    assert told(Kind.LATE) == [("late", "head-b")]
    assert len(told(Kind.ESCALATION)) == 2 and len(told(Kind.DIGEST)) == 1


def test_a_center_that_reported_late_gets_no_late_notice_but_is_on_the_list(setup, people):
    report = factories.report(people.center_b, month=4, status="submitted")
    report.submitted_at = day("1405/05/06")
    report.save()
    call_command("run_cycle", today="1405/05/07")
    assert told(Kind.LATE) == []
    assert "- مرکز ب: با تأخیر" in Notification.objects.get(kind=Kind.ESCALATION, recipient=people.planner).body


def test_when_every_center_has_reported_the_digest_comes_before_the_deadline(setup, people):
    factories.report(people.center_b, month=4, status="submitted", figures=[("public", "fixed_urban", "person_hours", 50)])
    run_twice("1405/05/03")
    assert told(Kind.DIGEST) == [("digest", "director")]
    assert told(Kind.REMINDER) == []


def test_digest_names_the_centers_behind_by_their_gap(setup, people):
    call_command("run_cycle", today="1405/05/06")
    digest = Notification.objects.get(kind=Kind.DIGEST)
    # B: expected 400 person-hours to the end of Tir, actual 150 (Tir missing): 250 short, pace 38%
    assert "- مرکز ب: سرعت پیشرفت ۳۸٪، ۲۵۰ نفرساعت کسری" in digest.body
    assert "مرکز الف" in digest.body  # A: 360 of 400, 90%, slightly behind
    assert "برنامه جبرانی مرکز ب" not in digest.body  # not overdue yet on 6 Mordad
    assert digest.link == "/dashboard/?year=1405&month=4"


def test_planners_hear_of_a_report_waiting_for_review_after_three_days(setup, people):
    call_command("run_cycle", today="1405/05/03")
    assert told(Kind.REVIEW_WAITING) == []
    run_twice("1405/05/04")
    assert told(Kind.REVIEW_WAITING) == [("review_waiting", "planner")]
    waiting = Notification.objects.get(kind=Kind.REVIEW_WAITING)
    assert waiting.link == "/reports/centers/CA/1405/4/" and "مرکز الف" in waiting.title


def test_action_item_owners_hear_when_due_soon_and_again_when_overdue(setup, people):
    b_item, person_item = setup
    run_twice("1405/05/02")  # 8 days before B's item: not yet
    assert told(Kind.ACTION_DUE) == []
    run_twice("1405/05/03")
    assert told(Kind.ACTION_DUE) == [("action_due", "head-b")]
    run_twice("1405/05/11")
    assert told(Kind.ACTION_OVERDUE) == [("action_overdue", "head-b")]
    # the item owned by a named person goes to the planners, who follow decisions up
    run_twice("1405/05/13")
    assert ("action_due", "planner") in told(Kind.ACTION_DUE)
    assert Notification.objects.get(kind=Kind.ACTION_OVERDUE).link == f"/meetings/action-items/{b_item.pk}/"


def test_a_done_action_item_is_not_chased(setup, people):
    b_item, _ = setup
    b_item.status = "done"
    b_item.save()
    call_command("run_cycle", today="1405/05/11")
    assert told(Kind.ACTION_OVERDUE) == []


def test_mail_follows_each_persons_setting_and_language(setup, people):
    from accounts.profile import profile_of

    profile = profile_of(people.head_b)
    profile.email_notifications = False
    profile.save()
    director = profile_of(people.director)
    director.preferred_language = "en"
    director.save()
    call_command("run_cycle", today="1405/05/06")
    assert Notification.objects.filter(recipient=people.head_b).exists()  # in the inbox
    assert not [m for m in mail.outbox if "head-b@example.org" in m.to]  # but not mailed
    to_director = [m for m in mail.outbox if m.to == ["director@example.org"]]
    assert sorted(m.subject for m in to_director) == [
        "1 center has not reported Tir 1405 on time",
        "Monthly digest of East Azerbaijan, Tir 1405",
    ]


def test_today_is_read_as_a_jalali_or_a_gregorian_day_at_noon_in_tehran():
    from notifications.management.commands.run_cycle import parse_day

    assert parse_day("۱۴۰۵/۰۵/۰۶") == parse_day("1405/5/6") == parse_day("2026-07-28")
    assert parse_day("2026-07-28").isoformat() == "2026-07-28T12:00:00+03:30"


def test_a_run_without_a_date_is_as_of_now(setup, people):
    before = timezone.now()
    cycle.run()
    assert told(Kind.ACTION_OVERDUE) == [("action_overdue", "head-b"), ("action_overdue", "planner")]  # due in Mordad
    assert all(n.created_at >= before for n in Notification.objects.all())


def test_a_bad_date_is_refused_with_a_message(setup):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("run_cycle", today="1405/13/40")
