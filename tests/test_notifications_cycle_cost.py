"""The cycle's cost does not grow with the country (issue 24 §5): a run that finds nothing new asks
the same few queries at 2 centers and at 22 in three provinces; a run that tells every late head,
the escalation and the digest asks the same at 2 centers and at 12 of one province (the digest
reads each province's month once). The figures at 1,000 centers: `manage.py bench_cycle`."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import ActionItem, Meeting
from notifications import cycle
from notifications.models import Kind, Notification
from reports.models import MonthlyReport
from tests import factories
from tests.notifications_helpers import day, month_data

pytestmark = pytest.mark.django_db

NOTHING_NEW_QUERIES = 12  # the reads of a run that makes nothing (see notifications/cycle.py)


@pytest.fixture
def setup(people, reference, settings):
    settings.PAYESH_REMINDER_DAYS = settings.PAYESH_REVIEW_WAIT_DAYS = 3
    settings.PAYESH_ACTION_DUE_DAYS = 7
    settings.PAYESH_REPORT_DEADLINE_DAY = 5
    return month_data(people)


def queries_of_a_run(today="1405/05/13"):
    """(queries, notifications made) of one run of the cycle, without mail."""
    with CaptureQueriesContext(connection) as run:
        made = cycle.run(now=day(today), send_mail=False).total
    return len(run), made


def more_centers(province, count, start):
    """`count` centers with a head, a commitment, Tir not reported and Khordad submitted long ago
    (waiting for review), and an overdue action item each."""
    decided = meeting_of(province)
    for i in range(start, start + count):
        head = factories.user(f"head-{province.code}-{i}", "center_head", email=f"h{i}@example.org")
        center = factories.center(province, f"{province.code[:3].upper()}{i}", head=head)
        factories.commitment(center, target=1200)
        report = factories.report(center, month=3, status="submitted")
        MonthlyReport.objects.filter(pk=report.pk).update(submitted_at=day("1405/04/20"))
        ActionItem.objects.create(meeting=decided, text=f"اقدام {i}", responsible_center=center,
                                  due_date=datetime.date(2026, 7, 30))


def meeting_of(province):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return Meeting.objects.filter(province=province).first() or Meeting.objects.create(
        province=province, date=datetime.date(2026, 7, 1), title=f"جلسه {province.code}", year=1405, month=3,
        chair=User.objects.get(username="director"), created_by=User.objects.get(username="staff"))


def test_a_run_that_finds_nothing_new_asks_the_same_queries_at_any_number_of_centers_and_provinces(setup, people):
    # a warm-up run: the first run of a process reads a few things once (content types, groups)
    cycle.run(now=day("1405/05/13"), send_mail=False)
    small_new = Notification.objects.count()
    small = queries_of_a_run()
    assert small[1] == 0 and small[0] <= NOTHING_NEW_QUERIES

    more_centers(people.center_a.province, 10, start=1)
    for code in ("ardabil", "zanjan"):
        other = factories.province(code, f"استان {code}")
        factories.user(f"director-{code}", "director", province=other)  # each province's digest to its own director
        more_centers(other, 5, start=1)
    cycle.run(now=day("1405/05/13"), send_mail=False)
    assert Notification.objects.filter(kind=Kind.LATE).count() == 1 + 20  # head-b and the twenty new heads
    assert Notification.objects.filter(kind=Kind.DIGEST).count() == 3 and Notification.objects.count() > small_new
    assert queries_of_a_run() == small


def test_telling_every_late_head_costs_the_same_at_two_centers_and_at_twelve(setup, people):
    cycle.run(now=day("1405/05/13"), send_mail=False)  # warm-up, then start again
    Notification.objects.all().delete()
    few = queries_of_a_run()

    more_centers(people.center_a.province, 10, start=1)
    Notification.objects.all().delete()
    many = queries_of_a_run()
    assert many[1] == few[1] + 30  # late notices, reviews waiting, action items of ten more centers
    assert many[0] == few[0], (few, many)
