"""The demo's inboxes hold a notification of every kind the cycle would have sent by today, none
dated in the future, and seeding again adds none."""

import datetime

import pytest
from django.utils import timezone

from demo.notifications import cycle_days
from notifications.models import Kind, Notification
from payesh import jalali
from reports import deadlines
from tests import factories


def test_the_demo_has_every_kind_of_notification_once(demo):
    year, month = jalali.last_complete_month()
    due = deadlines.due_date(year, month)
    today = jalali.today_jalali().togregorian()
    kinds = set(Notification.objects.values_list("kind", flat=True))
    every = set(Kind.values) - {Kind.REOPENED, Kind.ALLOCATION_RETURNED}  # the demo reopens no month, returns no allocation
    if today > due:  # the month's deadline has passed: its late notices are out
        assert kinds == every
    else:  # within the deadline: no late notice yet (the previous month's were all reported)
        assert kinds == every - {Kind.LATE}
    assert not Notification.objects.filter(created_at__gt=timezone.now()).exists()
    digest = Notification.objects.get(kind=Kind.DIGEST)
    assert digest.recipient.username == "director" and "نفرساعت کسری" in digest.body
    assert Notification.objects.filter(kind=Kind.REMINDER, recipient__username="head-kha").exists()  # not reported yet
    count = Notification.objects.count()
    factories.seed_demo()
    assert Notification.objects.count() == count


@pytest.mark.django_db
def test_the_demo_never_plays_the_cycle_on_a_day_to_come():
    due = deadlines.due_date(1405, 8)  # Aban's report is due on 5 Azar (2026-11-26)
    day = datetime.timedelta(days=1)
    assert cycle_days(1405, 8, due + 3 * day) == [due - 2 * day, due + day]
    assert cycle_days(1405, 8, due + day) == [due - 2 * day, due + day]
    previous = deadlines.due_date(1405, 7) + day  # 6 Aban: the day after Mehr's deadline
    assert cycle_days(1405, 8, due) == [previous, due - 2 * day]
    assert cycle_days(1405, 8, due - 3 * day) == [previous]
