"""A meeting is chaired: the form asks for the chair; and a meeting whose chair is empty (saved
before the form asked) or whose chair's login was deleted still shows, with a dash, on every page
and in every export."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from meetings import services
from meetings.models import Meeting
from tests import factories
from tests.meetings_helpers import figures, meeting
from tests.support import client_for


@pytest.fixture
def chairless(people, reference):
    figures(people, factories)
    return meeting(people, chair=None)


def test_the_form_asks_for_the_chair(people, reference):
    response = client_for(people.planner).post(reverse("meetings:create"), {
        "province": people.center_a.province.pk, "date": "۱۴۰۵/۰۵/۱۰", "title": "جلسه بی‌رئیس", "chair": "",
        "year": "1405", "month": "4",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert "این فیلد لازم است" in html  # Django's Persian "This field is required", next to the chair
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("who", ["director", "planner", "staff", "head_a"])
def test_a_meeting_without_a_chair_shows_a_dash_in_the_list_and_on_its_page(chairless, people, who):
    client = client_for(getattr(people, who))
    listing = client.get(reverse("meetings:list"))
    assert listing.status_code == 200 and "جلسه پایش تیر" in listing.content.decode()
    page = client.get(reverse("meetings:detail", args=[chairless.pk]))
    assert page.status_code == 200
    assert "<dd>—</dd>" in page.content.decode()


def test_a_chairless_draft_can_be_repaired_by_choosing_a_chair(chairless, people):
    client = client_for(people.staff)
    assert client.get(reverse("meetings:edit", args=[chairless.pk])).status_code == 200
    response = client.post(reverse("meetings:edit", args=[chairless.pk]), {
        "date": "۱۴۰۵/۰۵/۱۰", "title": "جلسه پایش تیر", "chair": people.director.pk, "year": "1405", "month": "4",
    })
    assert response.status_code == 302
    chairless.refresh_from_db()
    assert chairless.chair == people.director


@pytest.mark.parametrize("deleted", [False, True])
def test_a_finalized_meeting_whose_chair_is_gone_exports_with_a_dash(chairless, people, deleted):
    if deleted:
        chairless.chair = factories.user("old-chair", first_name="رئیس", last_name="پیشین")
        chairless.save()
    services.finalize(chairless, people.staff)
    if deleted:
        chairless.chair.delete()
        chairless.refresh_from_db()
        assert chairless.chair is None
    client = client_for(people.director)
    assert client.get(reverse("meetings:list")).status_code == 200
    page = client.get(reverse("meetings:detail", args=[chairless.pk]))
    assert page.status_code == 200 and "<dd>—</dd>" in page.content.decode()
    for fmt in ("pdf", "xlsx", "docx"):
        response = client.get(reverse("meetings:export", args=[chairless.pk, fmt]))
        assert response.status_code == 200, fmt
    xlsx = load_workbook(io.BytesIO(client.get(reverse("meetings:export", args=[chairless.pk, "xlsx"])).content))
    assert xlsx.worksheets  # the workbook has no chair to show; it opens
    docx = Document(io.BytesIO(client.get(reverse("meetings:export", args=[chairless.pk, "docx"])).content))
    text = "\n".join(p.text for p in docx.paragraphs) + "\n".join(
        c.text for t in docx.tables for r in t.rows for c in r.cells)
    assert "رئیس جلسه: —" in text and "پیشین" not in text
