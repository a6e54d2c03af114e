"""The monthly cycle in a country of three provinces (tests/country.py): each escalation, digest,
report waiting for review and action item reaches exactly its own province's director and
planners (notifications/recipients.py); heads hear of their own center; the national roles of
no province's month."""

import datetime

import pytest

from meetings.models import ActionItem
from notifications import cycle
from notifications.models import Kind, Notification
from reports.models import MonthlyReport
from tests.country import country
from tests.notifications_helpers import day


@pytest.fixture
def world(reference, settings):
    settings.PAYESH_REVIEW_WAIT_DAYS = 3
    settings.PAYESH_ACTION_DUE_DAYS = 7
    settings.PAYESH_REPORT_DEADLINE_DAY = 5
    world = country()
    # Ordibehesht (month 2): each province's center 1 submitted it on 1 Khordad; center 2 has not
    MonthlyReport.objects.filter(month=2, status="submitted").update(submitted_at=day("1405/03/01"))
    return world


def recipients(kind, about):
    return {n.recipient.username for n in Notification.objects.filter(kind=kind, about=about).select_related("recipient")}


def test_each_escalation_and_digest_reaches_exactly_its_provinces_people(world):
    outcome = cycle.run(now=day("1405/03/10"), send_mail=False)  # after Ordibehesht's deadline (5 Khordad)
    assert outcome.made[Kind.ESCALATION] == 2 * 3 and outcome.made[Kind.DIGEST] == 3
    for p in world.provinces:
        about = f"province:{p.province.code}"
        assert recipients(Kind.ESCALATION, about) == {p.director.username, p.planner.username}
        assert recipients(Kind.DIGEST, about) == {p.director.username}
        report = MonthlyReport.objects.get(center=p.center_1, month=2)
        assert recipients(Kind.REVIEW_WAITING, f"report:{report.pk}") == {p.planner.username}
        # a decision a named person follows up: the province's planners; one of a center: its head
        assert recipients(Kind.ACTION_DUE, f"action:{p.item_of_person.pk}") == {p.planner.username}
        assert recipients(Kind.ACTION_DUE, f"action:{p.item_of_center.pk}") == {p.head.username}
        assert recipients(Kind.LATE, f"center:{p.center_2.code}") == {p.head_2.username}
        # nobody of the province hears of another's month
        mine = {p.director.username, p.planner.username, p.staff.username, p.head.username, p.head_2.username}
        heard = set(Notification.objects.filter(recipient__username__in=mine).values_list("about", flat=True))
        theirs = {f"province:{q.province.code}" for q in world.others(p)} | {
            f"center:{c.code}" for q in world.others(p) for c in (q.center_1, q.center_2)} | {
            f"action:{i.pk}" for i in ActionItem.objects.exclude(meeting__province=p.province)} | {
            f"report:{r.pk}" for r in MonthlyReport.objects.exclude(center__province=p.province)}
        assert not heard & theirs, heard & theirs
    # the national roles hear of the country's month only: the national digest
    national = Notification.objects.filter(recipient__in=[world.national_planner, world.national_observer])
    assert sorted(national.values_list("kind", "about")) == [(Kind.NATIONAL_DIGEST, "country")] * 2


def test_a_province_without_a_director_digests_to_nobody_elses(world):
    """The director of one province is away (the role ended): their province's digest goes to no
    one rather than to another province's director."""
    from accounts import services

    lonely = world.provinces[1]
    services.end_role(None, lonely.director.role_assignments.get())
    cycle.run(now=day("1405/03/10") + datetime.timedelta(hours=1), send_mail=False)
    assert recipients(Kind.DIGEST, f"province:{lonely.province.code}") == set()
    assert recipients(Kind.ESCALATION, f"province:{lonely.province.code}") == {lonely.planner.username}
    for p in world.others(lonely):
        assert recipients(Kind.DIGEST, f"province:{p.province.code}") == {p.director.username}
