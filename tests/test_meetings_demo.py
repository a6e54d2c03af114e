from demo.builder import build_demo_meeting, demo_plan
from meetings.models import Meeting
from tests import factories


def test_the_demo_meeting_is_finalized_with_remarks_and_action_items_once(people, province, reference):
    centers = [factories.center(province, code, head=factories.user(f"head-{code.lower()}")) for code in ("TBZ1", "HRS", "SHB")]
    factories.commitment(centers[0], year=demo_plan().year)
    build_demo_meeting(province, centers, demo_plan())
    build_demo_meeting(province, centers, demo_plan())
    meeting, coming = Meeting.objects.order_by("date")  # run twice, still two meetings
    assert meeting.is_finalized and meeting.snapshot["province"]["target"] == 1200
    assert not coming.is_finalized and coming.date > meeting.date
    assert set(meeting.remarks.values_list("center__code", flat=True)) == {"TBZ1", "HRS", "SHB"}
    assert meeting.action_items.count() == 5 and meeting.action_items.filter(status="done").count() == 1
    assert meeting.attendees.filter(username="director").exists() and len(meeting.guest_list) == 2


def test_meetings_admin_lists_and_searches_in_persian(people, reference, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from tests.meetings_helpers import meeting

    meeting(people)
    client.force_login(get_user_model().objects.create_superuser("root", password="x-123-long-pass"))
    for name in ("meeting", "actionitem"):
        response = client.get(reverse(f"admin:meetings_{name}_changelist"), {"q": "جلسه"})
        assert response.status_code == 200 and 'dir="rtl"' in response.content.decode()


def test_the_demo_center_dashboard_shows_an_open_action_item(demo):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(get_user_model().objects.get(username="head-tbz1"))
    html = client.get(reverse("dashboards:center", args=["TBZ1"])).content.decode()
    assert "راه‌اندازی دو کارگاه جوشکاری" in html
    # the coming (draft) meeting follows up the open items of the finalized one
    from meetings.models import Meeting

    coming = Meeting.objects.order_by("date").last()
    html = client.get(reverse("meetings:detail", args=[coming.pk])).content.decode()
    follow_up = html[html.index('id="follow-up"'):]
    assert "راه‌اندازی دو کارگاه جوشکاری" in follow_up
