"""Shared set-up of the notifications tests: a province whose month Tir 1405 is due by
5 Mordad 1405 (2026-07-27), and days of the cycle named by their Jalali dates."""

import datetime

from meetings.models import ActionItem
from payesh import jalali
from reports.models import MonthlyReport
from tests import factories
from tests.meetings_helpers import meeting


def day(text):
    """Noon in Tehran of a Jalali day such as '1405/05/06'."""
    d = jalali.parse_jalali_date(text)
    return datetime.datetime(d.year, d.month, d.day, 12, tzinfo=jalali.TEHRAN)


def month_data(people):
    """Center A submitted Tir on 1 Mordad, on time; center B has not reported Tir. Each has
    1,200 person-hours a year (100 a month); A reported 90 a month, B 50 (behind).
    An action item for center B is due on 10 Mordad; one for a named person on 20 Mordad."""
    for person, address in ((people.director, "director@example.org"), (people.planner, "planner@example.org"),
                            (people.head_a, "head-a@example.org"), (people.head_b, "head-b@example.org")):
        person.email = address
        person.save(update_fields=["email"])
    factories.commitment(people.center_a, target=1200)
    factories.commitment(people.center_b, target=1200)
    for month in range(1, 4):
        factories.report(people.center_a, month=month, status="approved", figures=[("public", "fixed_urban", "person_hours", 90)])
        factories.report(people.center_b, month=month, status="approved", figures=[("public", "fixed_urban", "person_hours", 50)])
    tir = factories.report(people.center_a, month=4, status="submitted", figures=[("public", "fixed_urban", "person_hours", 90)])
    MonthlyReport.objects.filter(pk=tir.pk).update(submitted_at=day("1405/05/01") - datetime.timedelta(hours=2))
    decided = meeting(people, date=datetime.date(2026, 7, 1), month=3, title="جلسه پایش خرداد")
    b_item = ActionItem.objects.create(meeting=decided, text="برنامه جبرانی مرکز ب", responsible_center=people.center_b,
                                       due_date=jalali.parse_jalali_date("1405/05/10"))
    person_item = ActionItem.objects.create(meeting=decided, text="هماهنگی با استانداری", responsible_person="آقای رضایی",
                                            due_date=jalali.parse_jalali_date("1405/05/20"))
    return b_item, person_item
