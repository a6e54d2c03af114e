import datetime

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import ActionItem
from tests.meetings_helpers import meeting
from tests.support import client_for

TODAY = datetime.date(2026, 9, 1)


@pytest.fixture
def two_meetings(people, reference):
    first = meeting(people, date=datetime.date(2026, 7, 1), month=3, title="جلسه خرداد")
    overdue = services.add_action_item(first, "ارائه برنامه جبرانی", datetime.date(2026, 7, 20), responsible_center=people.center_a)
    open_item = services.add_action_item(first, "پیگیری مجوز پادگان", datetime.date(2099, 1, 1), responsible_person="معاون آموزش")
    done = services.add_action_item(first, "گزارش نیاز مربیان", datetime.date(2026, 7, 10), responsible_center=people.center_a)
    done = services.set_action_item_status(done, "done", people.staff)
    services.finalize(first, people.staff)
    second = meeting(people, date=datetime.date(2026, 8, 1), month=4, title="جلسه تیر")
    return first, second, overdue, open_item, done


def test_the_next_meeting_follows_up_the_open_items_of_earlier_ones(two_meetings):
    first, second, overdue, open_item, done = two_meetings
    assert list(services.follow_up_items(second)) == [overdue, open_item]
    assert list(services.follow_up_items(first)) == []  # nothing earlier than the first meeting
    assert overdue.is_overdue(TODAY) and not open_item.is_overdue(TODAY) and not done.is_overdue(TODAY)
    assert list(ActionItem.objects.overdue(TODAY)) == [overdue]


def test_the_next_meetings_page_lists_them_with_overdue_marked(two_meetings, people):
    first, second, overdue, open_item, done = two_meetings
    html = client_for(people.planner).get(reverse("meetings:detail", args=[second.pk])).content.decode()
    follow_up = html[html.index('id="follow-up"'):html.index("</table>", html.index('id="follow-up"'))]
    assert "ارائه برنامه جبرانی" in follow_up and "پیگیری مجوز پادگان" in follow_up
    assert "گزارش نیاز مربیان" not in follow_up  # done
    assert "مهلت گذشته" in follow_up and "۱۴۰۵/۰۴/۲۹" in follow_up  # 2026-07-20 in Jalali


def test_marking_done_on_the_next_meeting_takes_it_off_the_list(two_meetings, people):
    first, second, overdue, open_item, done = two_meetings
    client = client_for(people.staff)
    response = client.post(reverse("meetings:action_item_status", args=[overdue.pk]), {"status": "done", "back_to": second.pk})
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[second.pk])
    overdue.refresh_from_db()
    assert overdue.status == "done" and overdue.done_by == people.staff  # allowed although its meeting is finalized
    assert list(services.follow_up_items(second)) == [open_item]


def test_open_items_for_center(two_meetings, people):
    first, second, overdue, open_item, done = two_meetings
    later = services.add_action_item(second, "بازدید از کارگاه", datetime.date(2099, 2, 1), responsible_center=people.center_a)
    services.add_action_item(second, "مورد مرکز ب", datetime.date(2099, 2, 1), responsible_center=people.center_b)
    items = list(services.open_items_for_center(people.center_a))
    assert items == [overdue, later]
    assert [i.overdue for i in items] == [True, False]
    assert list(services.open_items_for_center(people.center_b))[0].text == "مورد مرکز ب"


def test_an_action_item_needs_an_owner_and_a_jalali_due_date(people, reference):
    m = meeting(people)
    client = client_for(people.staff)
    url = reverse("meetings:action_item_add", args=[m.pk])
    client.post(url, {"text": "بدون مسئول", "due_date": "۱۴۰۵/۰۶/۱۵"})
    client.post(url, {"text": "تاریخ نادرست", "responsible_person": "کارشناس", "due_date": "1405/13/01"})
    assert not ActionItem.objects.exists()
    client.post(url, {"text": "با مسئول", "responsible_center": people.center_b.pk, "due_date": "۱۴۰۵/۰۶/۱۵"})
    item = ActionItem.objects.get()
    assert item.due_date == datetime.date(2026, 9, 6) and item.responsible_center == people.center_b
