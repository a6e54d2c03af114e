"""The national digest (notifications/national_digest.py): once a month, after the month's
deadline, to the national roles only: the provinces ranked, those behind, reporting by province."""

import re
import shutil
import subprocess

import pytest
from django.test import Client
from django.utils import translation

from notifications import cycle, mail
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



def pages(pdf):
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="pdfinfo (poppler-utils) is not installed")
@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_national_digest_of_31_provinces_is_one_page_by_mail_and_from_the_inbox(world, language, settings):
    """31 provinces with long names: the mail's PDF is one page and lists every province."""
    from tests.country import build_province

    for i in range(28):
        build_province(f"p{i:02d}", f"استان شماره {i} با نامی بلند برای آزمودن یک صفحه", f"Province number {i} with a long name",
                       f"p{i:02d}", f"پ{i}", f"P{i}")
    cycle.run(now=day("1405/03/10"), send_mail=False)
    notification = Notification.objects.get(kind=Kind.NATIONAL_DIGEST, recipient=world.national_planner)
    with translation.override(language):
        name, pdf, kind = mail.attachments_of(notification)[0]
    assert name == "payesh-national-digest-1405-02.pdf" and kind == "application/pdf"
    assert pages(pdf) == 1
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(world.national_planner)
    assert f"/notifications/{notification.pk}/digest.pdf" in client.get("/notifications/").content.decode()
    response = client.get(f"/notifications/{notification.pk}/digest.pdf")
    assert response.status_code == 200 and pages(response.content) == 1
    client.force_login(world.provinces[0].director)  # not theirs
    assert client.get(f"/notifications/{notification.pk}/digest.pdf").status_code == 404
