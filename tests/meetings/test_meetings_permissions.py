"""Who may do what: every page and action checked on the server, GET and POST."""

import datetime

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import CenterRemark, Meeting
from tests import factories
from tests.meetings_helpers import meeting
from tests.support import client_for

REMARK = {"challenges": "کمبود مربی", "opportunities": "", "suggestions": "جذب مربی حق‌التدریس"}


@pytest.fixture
def draft(people, reference):
    return meeting(people)


def remark_url(m, center):
    return reverse("meetings:remark", args=[m.pk, center.code])


def test_a_head_writes_their_own_centers_remarks(draft, people):
    client = client_for(people.head_a)
    assert client.get(remark_url(draft, people.center_a)).status_code == 200
    response = client.post(remark_url(draft, people.center_a), REMARK)
    assert response.status_code == 302
    remark = CenterRemark.objects.get(meeting=draft, center=people.center_a)
    assert remark.challenges == "کمبود مربی" and remark.written_by == people.head_a


def test_a_head_cannot_write_another_centers_remarks(draft, people):
    client = client_for(people.head_a)
    assert client.get(remark_url(draft, people.center_b)).status_code == 403
    assert client.post(remark_url(draft, people.center_b), REMARK).status_code == 403
    assert not CenterRemark.objects.exists()


def test_staff_write_any_centers_remarks_during_the_meeting(draft, people):
    for user, center in ((people.staff, people.center_b), (people.planner, people.center_a)):
        assert client_for(user).post(remark_url(draft, center), REMARK).status_code == 302
    assert CenterRemark.objects.count() == 2


def test_a_head_sees_only_their_own_centers_remarks_and_row(draft, people):
    services.save_remark(draft, people.center_a, people.head_a, challenges="چالش الف")
    services.save_remark(draft, people.center_b, people.head_b, challenges="چالش ب")
    html = client_for(people.head_a).get(reverse("meetings:detail", args=[draft.pk])).content.decode()
    assert "چالش الف" in html and "چالش ب" not in html
    assert "مرکز ب" not in html
    assert reverse("meetings:finalize", args=[draft.pk]) not in html


def test_a_head_of_another_province_does_not_see_the_meeting(draft):
    other = factories.province("ardabil", "اردبیل")
    head = factories.user("head-x", "center_head")
    factories.center(other, "ARD", head=head)
    client = client_for(head)
    assert client.get(reverse("meetings:detail", args=[draft.pk])).status_code == 404
    assert "جلسه پایش تیر" not in client.get(reverse("meetings:list")).content.decode()


@pytest.mark.parametrize("name", ["head_a", "director"])
def test_only_staff_and_planners_record_meetings(draft, people, name):
    client = client_for(getattr(people, name))
    assert client.get(reverse("meetings:create")).status_code == 403
    assert client.post(reverse("meetings:create"), {"title": "x"}).status_code == 403
    assert client.get(reverse("meetings:edit", args=[draft.pk])).status_code == 403
    add = reverse("meetings:action_item_add", args=[draft.pk])
    assert client.post(add, {"text": "x", "responsible_person": "y", "due_date": "1405/06/01"}).status_code == 403
    assert client.post(reverse("meetings:finalize", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_finalized and not draft.action_items.exists()


def test_a_planner_records_a_meeting_with_a_jalali_date(people, reference):
    client = client_for(people.planner)
    response = client.post(reverse("meetings:create"), {
        "province": people.center_a.province.pk, "date": "۱۴۰۵/۰۵/۱۰", "title": "جلسه پایش تیر", "chair": people.director.pk,
        "year": "1405", "month": "4", "attendees": [people.head_a.pk, people.head_b.pk], "guests": "نماینده استانداری\n",
        "agenda": "مرور عملکرد", "minutes": "",
    })
    m = Meeting.objects.get()
    assert response["Location"] == reverse("meetings:detail", args=[m.pk])
    assert m.date == datetime.date(2026, 8, 1) and m.created_by == people.planner
    assert set(m.attendees.all()) == {people.head_a, people.head_b} and m.guest_list == ["نماینده استانداری"]
    html = client.get(reverse("meetings:edit", args=[m.pk])).content.decode()
    assert "۱۴۰۵/۰۵/۱۰" in html  # the date is shown back in Jalali


def test_a_bad_jalali_date_gets_a_persian_message(people, reference):
    response = client_for(people.staff).post(reverse("meetings:create"), {
        "province": people.center_a.province.pk, "date": "1405/12/31", "title": "t", "year": "1405", "month": "4"})
    assert response.status_code == 200 and "تاریخ را به‌صورت شمسی وارد کنید" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_finalized_meeting_is_read_only_except_action_item_statuses(draft, people):
    item = services.add_action_item(draft, "پیگیری", datetime.date(2026, 9, 1), responsible_person="کارشناس")
    services.finalize(draft, people.staff)
    staff, head = client_for(people.staff), client_for(people.head_a)
    assert staff.get(reverse("meetings:edit", args=[draft.pk])).status_code == 403
    assert staff.post(reverse("meetings:edit", args=[draft.pk]), {"title": "x"}).status_code == 403
    assert staff.post(remark_url(draft, people.center_a), REMARK).status_code == 403
    assert head.get(remark_url(draft, people.center_a)).status_code == 403
    assert head.post(remark_url(draft, people.center_a), REMARK).status_code == 403
    add = reverse("meetings:action_item_add", args=[draft.pk])
    assert staff.post(add, {"text": "x", "responsible_person": "y", "due_date": "1405/06/01"}).status_code == 403
    assert not CenterRemark.objects.exists() and draft.action_items.count() == 1
    status = reverse("meetings:action_item_status", args=[item.pk])
    assert head.post(status, {"status": "done"}).status_code == 403
    assert staff.post(status, {"status": "done"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "done"
    with pytest.raises(services.MeetingFinalized):
        services.save_remark(draft, people.center_a, people.staff, challenges="x")


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "docx"])
def test_heads_cannot_export_and_drafts_are_not_exported(draft, people, fmt):
    url = reverse("meetings:export", args=[draft.pk, fmt])
    assert client_for(people.head_a).get(url).status_code == 403
    response = client_for(people.staff).get(url)
    assert response.status_code == 302 and response["Location"] == reverse("meetings:detail", args=[draft.pk])


def test_detail_page_query_count_does_not_grow_with_centers(draft, people, province, django_assert_max_num_queries):
    client = client_for(people.staff)
    services.add_action_item(draft, "پیگیری", datetime.date(2026, 9, 1), responsible_center=people.center_a)
    services.save_remark(draft, people.center_a, people.head_a, challenges="چالش")
    # 14: the live figures come from reports.progress, which takes the measure as an object (one
    # lookup), and the month's reports give each center's reporting status (one query)
    with django_assert_max_num_queries(14):
        client.get(reverse("meetings:detail", args=[draft.pk]))
    for i in range(20):
        c = factories.center(province, f"X{i}", head=factories.user(f"h{i}"))
        services.save_remark(draft, c, people.staff, challenges=f"چالش {i}")
        services.add_action_item(draft, f"مورد {i}", datetime.date(2026, 9, 1), responsible_center=c)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("meetings:detail", args=[draft.pk])).status_code == 200
