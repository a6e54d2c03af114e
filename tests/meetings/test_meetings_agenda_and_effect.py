"""A new meeting opens with an agenda drafted from the numbers; an action item pointed at a
center (and a sector, area or measure) shows its pace at the meeting, frozen, and now."""

import datetime

import pytest
from django.urls import reverse

from commitments.models import Measure, Sector, TrainingArea
from meetings import agenda, effect, services
from meetings.models import ActionItem
from payesh import jalali
from reports.models import Figure
from tests import factories
from tests.meetings_helpers import figures, meeting
from tests.notifications_helpers import day
from tests.support import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def numbers(people, reference):
    figures(people, factories)  # through Tir: A 90 a month of 100 (pace 90%), B 230 of 200 (115%)


def test_the_draft_names_centers_behind_with_their_gap_late_reports_overdue_items_and_remarks(numbers, people):
    earlier = meeting(people, date=datetime.date(2026, 7, 1), month=3, title="جلسه خرداد")
    services.add_action_item(earlier, "ارائه برنامه جبرانی", jalali.parse_jalali_date("1405/05/01"), responsible_center=people.center_a)
    services.add_action_item(earlier, "بازدید از کارگاه", jalali.parse_jalali_date("1405/06/30"), responsible_center=people.center_b)
    coming = meeting(people, date=datetime.date(2026, 8, 5), month=4)
    services.save_remark(coming, people.center_b, people.head_b, challenges="کمبود مربی")
    text = agenda.draft(people.center_a.province, 1405, 5, meeting=coming, now=day("1405/06/10"))
    # as of Mordad: A 360 of 500 expected (72%, 140 short); B 920 of 1,000 (92%, 80 short); Mordad:
    # A's is a draft (missing), B's returned
    assert text.startswith("۱. پیشرفت استان تا پایان مرداد ۱۴۰۵")
    assert "   - مرکز الف: سرعت پیشرفت ۷۲٪، ۱۴۰ نفرساعت کسری" in text
    assert "   - مرکز ب: سرعت پیشرفت ۹۲٪، ۸۰ نفرساعت کسری" in text
    assert text.index("مرکز الف: سرعت") < text.index("مرکز ب: سرعت")  # lowest pace first
    assert "مرکز الف: ارسال‌نشده" in text and "مرکز ب: برگشت‌خورده" in text
    assert "   - ارائه برنامه جبرانی (مرکز الف، مهلت ۱۴۰۵/۰۵/۰۱)" in text
    assert "بازدید از کارگاه" not in text  # only the overdue one
    assert "۵. نظرات مراکز: مرکز ب" in text


def test_a_province_on_track_with_everything_reported_gets_a_short_agenda(people, reference):
    factories.commitment(people.center_a, target=1200)
    factories.report(people.center_a, month=1, status="approved", figures=[("public", "fixed_urban", "person_hours", 150)])
    text = agenda.draft(people.center_a.province, 1405, 1, now=day("1405/02/10"))
    assert text.count("\n") == 0 and "۱۵۰٪" in text


def test_the_new_meeting_form_opens_with_the_drafted_agenda(numbers, people):
    html = client_for(people.staff).get(reverse("meetings:create")).content.decode()
    year, month = jalali.last_complete_month()
    assert f"۱. پیشرفت استان تا پایان {jalali.month_name(month)}" in html
    assert 'id="agenda-note"' in html


def test_the_edit_page_drafts_it_again_with_the_remarks(numbers, people):
    coming = meeting(people, month=4, agenda="دستور قدیمی")
    services.save_remark(coming, people.center_a, people.head_a, challenges="کمبود مربی")
    client = client_for(people.staff)
    assert "دستور قدیمی" in client.get(reverse("meetings:edit", args=[coming.pk])).content.decode()
    html = client.get(reverse("meetings:edit", args=[coming.pk]), {"draft_agenda": "1"}).content.decode()
    assert "دستور قدیمی" not in html and "نظرات مراکز: مرکز الف" in html


@pytest.fixture
def decided(numbers, people):
    """A Khordad meeting's decision for center B's in-center person-hours, finalized."""
    m = meeting(people, date=datetime.date(2026, 7, 1), month=3, title="جلسه خرداد")
    item = services.add_action_item(
        m, "جبران عقب‌ماندگی", jalali.parse_jalali_date("1405/06/31"), responsible_center=people.center_b,
        sector=Sector.objects.get(code="public"), area=TrainingArea.objects.get(code="fixed_urban"),
        measure=Measure.objects.get(code="person_hours"))
    services.finalize(m, people.staff)
    item.refresh_from_db()
    return item


def test_the_pace_at_the_meeting_is_frozen_and_the_pace_now_is_live(decided, people):
    assert decided.pace_at_meeting == pytest.approx(690 / 600)  # B through Khordad
    Figure.objects.filter(report__center=people.center_b, report__month=2).update(value=0)  # revised later
    e = effect.effect_of(decided, now=day("1405/06/10"))  # last complete month: Mordad
    assert e.then == pytest.approx(690 / 600) and e.frozen
    assert e.now_month == (1405, 5)
    assert e.now == pytest.approx(690 / 1000)  # 230 x 3 counted (month 2 now 0, Mordad's returned)
    assert e.trend == "down"


def test_an_item_naming_no_center_has_no_effect(numbers, people):
    m = meeting(people, month=3)
    item = services.add_action_item(m, "هماهنگی", datetime.date(2099, 1, 1), responsible_person="آقای رضایی")
    assert effect.effect_of(item) is None


def test_an_area_where_nothing_is_committed_has_no_pace(numbers, people):
    m = meeting(people, month=3)
    item = services.add_action_item(m, "روستایی", datetime.date(2099, 1, 1), responsible_center=people.center_a,
                                    area=TrainingArea.objects.get(code="rural_nomadic"))
    e = effect.effect_of(item)
    assert e.then is None and e.now is None and e.trend == ""


def test_the_item_page_and_the_next_meeting_show_the_pace_then_and_now(decided, people):
    later = meeting(people, date=datetime.date(2026, 8, 1), month=4, title="جلسه تیر")
    client = client_for(people.planner)
    page = client.get(reverse("meetings:action_item", args=[decided.pk])).content.decode()
    assert 'class="pace-then">۱۱۵٪' in page
    assert "بخش" not in page or "دولتی" in page  # the scope is named
    follow_up = client.get(reverse("meetings:detail", args=[later.pk])).content.decode()
    section = follow_up[follow_up.index('id="follow-up"'):]
    assert "۱۱۵٪" in section[:section.index("</table>")]


def test_a_head_sees_only_the_items_of_their_center(decided, people):
    assert client_for(people.head_b).get(reverse("meetings:action_item", args=[decided.pk])).status_code == 200
    assert client_for(people.head_a).get(reverse("meetings:action_item", args=[decided.pk])).status_code == 404


def test_adding_an_item_with_a_scope_needs_a_center(numbers, people):
    m = meeting(people, month=4)
    client = client_for(people.staff)
    area = TrainingArea.objects.get(code="fixed_urban")
    client.post(reverse("meetings:action_item_add", args=[m.pk]), {
        "text": "بدون مرکز", "responsible_person": "آقای رضایی", "due_date": "1405/06/31", "area": area.pk})
    assert not ActionItem.objects.filter(text="بدون مرکز").exists()
    client.post(reverse("meetings:action_item_add", args=[m.pk]), {
        "text": "با مرکز", "responsible_center": people.center_a.pk, "due_date": "1405/06/31", "area": area.pk})
    assert ActionItem.objects.get(text="با مرکز").area == area
