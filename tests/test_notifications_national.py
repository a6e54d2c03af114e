"""The national digest (notifications/national_digest.py): once a month, after the month's
deadline, to the national roles only: the provinces ranked, those behind, reporting by province."""

import pytest
from django.utils import translation

from notifications import cycle
from notifications.models import Kind, Notification
from reports.models import MonthlyReport
from tests.country import country
from tests.notifications_helpers import day


@pytest.fixture
def world(reference, settings):
    settings.PAYESH_REPORT_DEADLINE_DAY = 5
    world = country()
    MonthlyReport.objects.filter(month=2, status="submitted").update(submitted_at=day("1405/03/01"))
    return world


def test_the_national_digest_goes_to_the_national_roles_once_after_the_deadline(world):
    before = cycle.run(now=day("1405/03/03"), send_mail=False)  # Ordibehesht's deadline is 5 Khordad
    assert Kind.NATIONAL_DIGEST not in before.made
    with translation.override("en"):
        outcome = cycle.run(now=day("1405/03/10"), send_mail=False)
    assert outcome.made[Kind.NATIONAL_DIGEST] == 2
    digests = Notification.objects.filter(kind=Kind.NATIONAL_DIGEST)
    assert {n.recipient for n in digests} == {world.national_planner, world.national_observer}
    assert cycle.run(now=day("1405/03/20"), send_mail=False).made.get(Kind.NATIONAL_DIGEST) is None  # once a month
    body = digests.get(recipient=world.national_planner).texts["en"][1]
    # three provinces, each with one of its two centers' Ordibehesht reported
    assert "Reported: 3 of 6 centers." in body
    ranked = [line for line in body.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert len(ranked) == 3 and all("reported 50% (1/2)" in line for line in ranked)
    for name in ("East Azerbaijan", "Tehran", "Fars"):
        assert name in body
    assert "Provinces below on track" in body
    assert digests.get(recipient=world.national_planner).link.startswith("/dashboard/?province=all&year=1405&month=2")

