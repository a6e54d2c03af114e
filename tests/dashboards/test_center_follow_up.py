"""The center dashboard follows up the meetings (the center's remarks from past meetings, its open
and overdue action items) and links a month's figures to the course register they come from."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import services
from meetings.models import ActionItem, Meeting, today
from payesh import jalali
from tests.course_data import course
from tests.reports.test_progress import build

KHORDAD = {"year": "1405", "month": "3"}


@pytest.fixture
def data(people, reference):
    build(people)
    return people


def held_meeting(people, days_ago, title, **remark):
    """A meeting held `days_ago` days ago, with center A's remark."""
    meeting = Meeting.objects.create(
        province=people.center_a.province, date=today() - datetime.timedelta(days=days_ago), title=title,
        year=1405, month=3, chair=people.director, created_by=people.staff,
    )
    if remark:
        services.save_remark(meeting, people.center_a, people.head_a, **remark)
    return meeting


def page(user, name, *args, params=KHORDAD):
    client = Client()
    client.force_login(user)
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    return response.content.decode()


def section(html, id_):
    start = html.index(f'id="{id_}"')
    return html[start:html.index("</section>", start)]


def row(html, text):
    at = html.index(text)
    return html[html.rindex("<tr>", 0, at):html.index("</tr>", at)]


def test_center_dashboard_shows_remarks_of_past_meetings_newest_first_with_their_jalali_date(data):
    older = held_meeting(data, 60, "جلسه خرداد", challenges="کمبود مربی جوشکاری")
    newer = held_meeting(data, 10, "جلسه تیر", opportunities="همکاری با شهرک صنعتی", suggestions="دوره‌های شبانه")
    held_meeting(data, 5, "جلسه بدون نظر", challenges="", opportunities="", suggestions="")
    upcoming = Meeting.objects.create(province=data.center_a.province, date=today() + datetime.timedelta(days=7),
                                      title="جلسه آینده", year=1405, month=4, chair=data.director, created_by=data.staff)
    services.save_remark(upcoming, data.center_a, data.head_a, challenges="هنوز برگزار نشده")
    other = held_meeting(data, 3, "جلسه مرکز ب")
    services.save_remark(other, data.center_b, data.head_b, challenges="چالش مرکز ب")

    html = page(data.director, "dashboards:center", "CA")
    remarks = section(html, "center-remarks")
    assert remarks.index("جلسه تیر") < remarks.index("جلسه خرداد")  # newest first
    assert jalali.format_jalali_date(newer.date) in remarks and jalali.format_jalali_date(older.date) in remarks
    for text in ("کمبود مربی جوشکاری", "همکاری با شهرک صنعتی", "دوره‌های شبانه", "چالش‌ها", "فرصت‌ها", "پیشنهادها"):
        assert text in remarks, text
    for text in ("هنوز برگزار نشده", "چالش مرکز ب", "جلسه بدون نظر"):
        assert text not in remarks, text
    assert "پس از ثبت جلسه‌ها" not in html and "once meetings are recorded" not in html  # the placeholder is gone


def test_only_the_three_latest_remarks_are_shown(data):
    for i in range(5):
        held_meeting(data, 10 + i, f"جلسه شماره {i}", challenges=f"چالش شماره {i}")
    remarks = section(page(data.director, "dashboards:center", "CA"), "center-remarks")
    assert [f"چالش شماره {i}" in remarks for i in range(5)] == [True, True, True, False, False]


def test_center_dashboard_lists_open_and_overdue_action_items_not_done_ones(data):
    meeting = held_meeting(data, 30, "جلسه خرداد")
    services.add_action_item(meeting, "تعمیر کارگاه برق", today() - datetime.timedelta(days=5), responsible_center=data.center_a)
    services.add_action_item(meeting, "جذب مربی روستایی", today() + datetime.timedelta(days=20),
                             responsible_center=data.center_a, responsible_person="آقای رضایی")
    done = services.add_action_item(meeting, "گزارش انجام‌شده", today(), responsible_center=data.center_a)
    services.set_action_item_status(done, "done", data.staff)
    services.add_action_item(meeting, "کار مرکز ب", today(), responsible_center=data.center_b)

    items = section(page(data.head_a, "dashboards:center", "CA"), "center-action-items")
    assert "مهلت گذشته" in row(items, "تعمیر کارگاه برق")
    open_row = row(items, "جذب مربی روستایی")
    assert "آقای رضایی" in open_row and "باز" in open_row and "مهلت گذشته" not in open_row
    assert jalali.format_jalali_date(today() + datetime.timedelta(days=20)) in open_row
    assert "گزارش انجام‌شده" not in items and "کار مرکز ب" not in items
    assert reverse("meetings:detail", args=[meeting.pk]) in items


def test_a_head_of_another_center_does_not_read_its_remarks_or_items(data):
    meeting = held_meeting(data, 10, "جلسه تیر", challenges="کمبود مربی جوشکاری")
    services.add_action_item(meeting, "تعمیر کارگاه برق", today(), responsible_center=data.center_a)
    html = page(data.head_b, "dashboards:center", "CA")
    assert 'id="center-remarks"' not in html and "کمبود مربی جوشکاری" not in html and "تعمیر کارگاه برق" not in html
    for user in (data.director, data.planner, data.staff, data.head_a):
        assert "کمبود مربی جوشکاری" in page(user, "dashboards:center", "CA"), user


def count_queries(user):
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboards:center", args=["CA"]), KHORDAD).status_code == 200
    return len(queries)


def add_meetings(data, count, start):
    for i in range(start, start + count):
        meeting = held_meeting(data, 10 + i, f"جلسه {i}", challenges=f"چالش {i}", suggestions="پیشنهاد")
        services.add_action_item(meeting, f"مصوبه {i}", today(), responsible_center=data.center_a, responsible_person="مسئول")


def test_center_dashboard_query_count_is_the_same_for_one_and_five_meetings(data, django_assert_max_num_queries):
    add_meetings(data, 1, 0)
    one = count_queries(data.director)
    add_meetings(data, 4, 1)
    assert count_queries(data.director) == one
    client = Client()
    client.force_login(data.director)
    # 21 before this follow-up (session, user, roles, progress, filters, reports) + the months of the
    # course register + the remarks + the open items
    with django_assert_max_num_queries(24):
        client.get(reverse("dashboards:center", args=["CA"]), KHORDAD)


# --- links to the course register -----------------------------------------------------------------


@pytest.fixture
def courses(data):
    """Center A keeps a course register in Ordibehesht (month 2), fixed urban only."""
    course(data.center_a)
    return data


def course_link(code, month, year=1405):
    return reverse("courses:month", args=[code, year, month])


def test_center_dashboard_links_a_month_to_its_courses_only_when_it_has_some(courses):
    reports = page(courses.director, "dashboards:center", "CA")
    reports = reports[reports.index('id="reports"'):]
    assert course_link("CA", 2) in reports
    assert course_link("CA", 1) not in reports and course_link("CA", 3) not in reports
    assert "/courses/" not in page(courses.director, "dashboards:center", "CB")


def test_area_and_month_drill_downs_link_to_the_courses_only_when_they_exist(courses):
    fixed = page(courses.planner, "dashboards:center_area", "CA", "fixed_urban")
    assert course_link("CA", 2) in fixed and course_link("CA", 1) not in fixed
    assert "/courses/" not in page(courses.planner, "dashboards:center_area", "CA", "rural_nomadic")
    assert course_link("CA", 2) in page(courses.staff, "dashboards:center_month", "CA", 1405, 2, params={})
    assert "/courses/" not in page(courses.staff, "dashboards:center_month", "CA", 1405, 1, params={})


def test_the_course_link_is_only_for_those_who_may_open_the_register(courses):
    assert course_link("CA", 2) in page(courses.head_a, "dashboards:center", "CA")
    assert "/courses/" not in page(courses.head_b, "dashboards:center", "CA")
    client = Client()
    client.force_login(courses.head_a)
    assert client.get(course_link("CA", 2)).status_code == 200


def test_every_role_opens_the_center_pages_with_follow_up_and_courses(courses):
    add_meetings(courses, 2, 0)
    for user in (courses.director, courses.planner, courses.staff, courses.head_a, courses.head_b):
        for name, args in (("dashboards:center", ["CA"]), ("dashboards:center_area", ["CA", "fixed_urban"]),
                           ("dashboards:center_month", ["CA", 1405, 2])):
            page(user, name, *args)
    assert ActionItem.objects.count() == 2


def test_a_meeting_page_links_each_center_to_its_dashboard_as_of_the_meetings_month(data):
    meeting = held_meeting(data, 10, "جلسه خرداد", challenges="کمبود مربی جوشکاری")
    html = page(data.director, "meetings:detail", meeting.pk, params={})
    snapshot = html[html.index('id="snapshot"'):]
    for code in ("CA", "CB"):
        assert reverse("dashboards:center", args=[code]) + "?year=1405&amp;month=3&amp;measure=person_hours" in snapshot
    # and back: the center's dashboard links the remark to the meeting
    assert reverse("meetings:detail", args=[meeting.pk]) in section(page(data.head_a, "dashboards:center", "CA"), "center-remarks")
