"""A month returned, approved or reopened is told at once (issue 23 §2): its head hears, in the
inbox and by mail, with the planner's note or the director's reason; a reopening reaches the
planners too. Each step once; a step rolled back, or refused, tells nobody."""

import pytest
from django.core import mail
from django.db import transaction

from accounts.profile import profile_of
from notifications.models import Kind, Notification
from reports import services
from reports.models import MonthlyReport
from tests import factories
from tests.entry_data import client_for, post_data, three_commitments, url

pytestmark = pytest.mark.django_db

NOTE = "نفرساعت حوزه روستایی دو برابر شده است؛ بازبینی کنید."
REASON = "جابجایی ارقام دو حوزه"


@pytest.fixture
def month(people, reference, django_capture_on_commit_callbacks):
    """Center A's month submitted by its head; everyone has an email address."""
    for person in (people.director, people.planner, people.head_a, people.head_b):
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    submit(people, three_commitments(people.center_a), 0)
    return MonthlyReport.objects.get()


def submit(people, commitments, version):
    client_for(people.head_a).post(url("month", people.center_a), post_data(commitments, ["100", "200", "10"], version,
                                                                             action="submit"))


def told():
    """[(kind, username)] of every notification so far."""
    return sorted((n.kind, n.recipient.username) for n in Notification.objects.select_related("recipient"))


def review(people, report, **data):
    client_for(people.planner).post(url("review", people.center_a), {"version": report.version, **data})
    report.refresh_from_db()


def reopen(people, report, reason=REASON):
    client_for(people.director).post(url("reopen", people.center_a), {"version": report.version, "reason": reason})
    report.refresh_from_db()


def test_returning_a_month_tells_its_head_at_once_with_the_planners_note(people, month, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review(people, month, **{"return": "1", "comment": NOTE})
    assert month.status == "returned"
    assert told() == [("returned", "head-a")]
    returned = Notification.objects.get()
    assert returned.title == "برگشت برای اصلاح: مرکز الف، اردیبهشت ۱۴۰۵"
    assert NOTE in returned.body and "planner" in returned.body
    assert returned.link == "/reports/centers/CA/1405/2/"
    (sent,) = mail.outbox
    assert sent.to == ["head-a@example.org"] and sent.subject == returned.title
    assert NOTE in sent.body and returned.emailed_at is not None


def test_approving_tells_the_head_once(people, month, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review(people, month, approve="1")
    assert month.status == "approved"
    assert told() == [("approved", "head-a")]
    assert Notification.objects.get().title == "تأیید شد: مرکز الف، اردیبهشت ۱۴۰۵"
    assert [m.to for m in mail.outbox] == [["head-a@example.org"]]


def test_reopening_tells_the_head_and_the_planners_with_the_reason_but_not_the_director(people, month,
                                                                                      django_capture_on_commit_callbacks):
    other_planner = factories.user("planner-2", "planner")
    with django_capture_on_commit_callbacks(execute=True):
        review(people, month, approve="1")
        reopen(people, month)
    assert month.status == "draft"
    assert told() == [("approved", "head-a"), ("reopened", "head-a"), ("reopened", "planner"), ("reopened", "planner-2")]
    for reopened in Notification.objects.filter(kind=Kind.REOPENED):
        assert REASON in reopened.body and "director" in reopened.body
        assert reopened.link == "/reports/centers/CA/1405/2/"
    assert other_planner.notifications.get().email_wanted is False  # no address: the inbox only


def test_each_step_is_told_once_and_a_month_returned_twice_is_told_twice(people, month, django_capture_on_commit_callbacks):
    from notifications.workflow import on_report_decided

    with django_capture_on_commit_callbacks(execute=True):
        review(people, month, **{"return": "1", "comment": NOTE})
    on_report_decided(MonthlyReport, month, "returned", people.planner)  # the same step heard again
    assert told() == [("returned", "head-a")]
    with django_capture_on_commit_callbacks(execute=True):
        submit(people, list(people.center_a.commitments.order_by("pk")), month.version)  # corrected and sent again
        month.refresh_from_db()
        assert month.status == "submitted"
        review(people, month, **{"return": "1", "comment": "دوباره: حوزه صنایع"})
    assert told() == [("returned", "head-a"), ("returned", "head-a")]
    assert len(mail.outbox) == 2


def test_a_refused_or_rolled_back_step_tells_nobody(people, month, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(services.StaleReport):
            services.approve(month, people.planner, month.version - 1)  # someone changed it meanwhile
        with pytest.raises(RuntimeError), transaction.atomic():
            services.approve(month, people.planner, month.version)
            raise RuntimeError("the rest of the request failed")
    month.refresh_from_db()
    assert month.status == "submitted"
    assert told() == [] and mail.outbox == []


def test_the_head_reads_it_in_their_language_and_without_mail_when_mail_is_off(people, month,
                                                                               django_capture_on_commit_callbacks):
    profile = profile_of(people.head_a)
    profile.preferred_language, profile.email_notifications = "en", False
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        review(people, month, **{"return": "1", "comment": NOTE})
    returned = Notification.objects.get()
    assert returned.title == "Returned for correction: Center CA, Ordibehesht 1405"
    assert returned.texts["fa"][0] == "برگشت برای اصلاح: مرکز الف، اردیبهشت ۱۴۰۵"
    assert mail.outbox == [] and returned.email_wanted is False


def test_a_mail_server_down_leaves_the_step_done_and_the_mail_to_the_cycle(people, month, settings,
                                                                          django_capture_on_commit_callbacks):
    from tests.test_notifications_smtp import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with django_capture_on_commit_callbacks(execute=True):
        review(people, month, approve="1")
    assert month.status == "approved"
    approved = Notification.objects.get()
    assert approved.email_wanted and approved.emailed_at is None  # mail_pending: the next run sends it
    assert Notification.objects.mail_pending().count() == 1
