"""The inbox: the header's unread count (read with the user: no query of its own), the list,
opening a notification (read, then the page it speaks of), only one's own, and the mail setting."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from accounts.profile import profile_of
from notifications.models import Kind, Notification
from notifications.services import Message, notify
from tests.meetings_helpers import client_for

pytestmark = pytest.mark.django_db


def tell(user, about="center:CA", link="/reports/centers/CA/1405/4/", title="یادآوری گزارش تیر"):
    return notify(user, Kind.REMINDER, about, "1405-04", lambda: Message(title, "متن اعلان", link))


def test_notify_is_once_per_kind_recipient_subject_and_period(people):
    assert tell(people.head_a) is not None
    assert tell(people.head_a) is None
    assert tell(people.head_a, about="center:CB") is not None
    assert tell(people.head_b) is not None
    assert Notification.objects.count() == 3


def test_the_database_refuses_a_second_copy(people):
    from django.db import IntegrityError, transaction

    first = tell(people.head_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=people.head_a, kind=first.kind, about=first.about, period=first.period,
                                    title="دوباره")


def test_header_shows_the_unread_count_and_the_inbox_lists_them(people):
    tell(people.head_a)
    tell(people.head_a, about="center:X", title="اعلان دوم")
    tell(people.head_b, title="اعلان دیگری")
    page = client_for(people.head_a).get(reverse("notifications:inbox"))
    html = page.content.decode()
    assert 'id="inbox-link"' in html and '<b class="inbox-count"' in html and ">۲</b>" in html
    assert "یادآوری گزارش تیر" in html and "اعلان دوم" in html and "اعلان دیگری" not in html


def test_no_count_is_shown_when_everything_is_read(people):
    n = tell(people.head_a)
    client = client_for(people.head_a)
    client.get(reverse("notifications:open", args=[n.pk]))
    assert "inbox-count" not in client.get(reverse("notifications:inbox")).content.decode()


def test_opening_one_marks_it_read_and_goes_to_its_page(people):
    n = tell(people.head_a)
    response = client_for(people.head_a).get(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == "/reports/centers/CA/1405/4/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_another_persons_notification_is_not_found(people):
    n = tell(people.head_a)
    assert client_for(people.head_b).get(reverse("notifications:open", args=[n.pk])).status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_a_link_to_another_site_is_never_followed(people):
    n = tell(people.head_a, link="https://evil.example/")
    response = client_for(people.head_a).get(reverse("notifications:open", args=[n.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_mark_all_read(people):
    tell(people.head_a)
    tell(people.head_a, about="center:X")
    client = client_for(people.head_a)
    assert client.get(reverse("notifications:read_all")).status_code == 405
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.unread().filter(recipient=people.head_a).exists()


def test_the_header_count_costs_no_query_of_its_own(people, django_assert_num_queries):
    for i in range(5):
        tell(people.head_a, about=f"center:{i}")
    client = client_for(people.head_a)
    # session, user (with roles, center, profile and the unread count); nothing for the header
    with django_assert_num_queries(2):
        html = client.get(reverse("profile")).content.decode()
    assert ">۵</b>" in html


def test_inbox_query_count_does_not_grow_with_notifications(people, django_assert_max_num_queries):
    for i in range(40):
        tell(people.head_a, about=f"center:{i}")
    client = client_for(people.head_a)
    with django_assert_max_num_queries(4):  # session, user, the page's count and rows
        response = client.get(reverse("notifications:inbox"), {"page": "2"})
    assert response.status_code == 200


def test_a_page_number_out_of_range_or_not_a_number_shows_a_page(people):
    tell(people.head_a)
    client = client_for(people.head_a)
    for value in ("999999999999999999999", "x", "-1", "۲"):
        assert client.get(reverse("notifications:inbox"), {"page": value}).status_code == 200


def test_each_person_turns_mail_on_or_off_and_chooses_the_language(people):
    client = client_for(people.head_a)
    assert client.get(reverse("notifications:settings"))["Location"] == reverse("profile")
    response = client.post(reverse("profile"), {"preferred_language": "en", "first_name": "", "last_name": "",
                                                "email": ""})  # checkbox off
    assert response.status_code == 302
    people.head_a._payesh_profile = None
    profile = profile_of(people.head_a)
    assert profile.email_notifications is False and profile.preferred_language == "en"
    people.head_a.email = "a@example.org"
    people.head_a.save()
    n = tell(people.head_a, about="center:new")
    assert n.email_wanted is False


def test_the_inbox_needs_a_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_director_downloads_the_digest_pdf_from_the_inbox_and_nobody_else_can(people, reference):
    digest = notify(people.director, Kind.DIGEST, f"province:{people.center_a.province.code}", "1405-04",
                    lambda: Message("خلاصه ماهانه", "متن", "/dashboard/?year=1405&month=4"))
    client = client_for(people.director)
    assert reverse("notifications:digest_pdf", args=[digest.pk]) in client.get(reverse("notifications:inbox")).content.decode()
    response = client.get(reverse("notifications:digest_pdf", args=[digest.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "payesh-digest-east-azarbaijan-1405-04.pdf" in response["Content-Disposition"]
    assert client_for(people.planner).get(reverse("notifications:digest_pdf", args=[digest.pk])).status_code == 404
    other = tell(people.director)
    assert client.get(reverse("notifications:digest_pdf", args=[other.pk])).status_code == 404


def test_a_notification_reads_as_its_title_and_a_summary_of_three_lines_at_most(people):
    from notifications.models import Notification as N

    made = notify(people.head_a, Kind.REMINDER, "center:CA", "1405-05", lambda: Message("عنوان", "خلاصه\n\nجزئیات"))
    assert (made.text("fa").summary, made.text("fa").details) == ("خلاصه", "جزئیات")
    assert made.text("en").title == "عنوان"  # the same words in each language: none to translate
    old = N(title="قدیمی", body="یک\nدو\nسه\nچهار\nپنج\n\nبعد")  # made before the texts in each language
    assert old.text("en").title == "قدیمی"
    assert (old.text("en").summary, old.text("en").details) == ("یک\nدو\nسه", "چهار\nپنج\n\nبعد")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_digest_pdf_from_the_inbox_is_in_the_pages_language(people, reference):
    digest = notify(people.director, Kind.DIGEST, f"province:{people.center_a.province.code}", "1405-04",
                    lambda: Message("خلاصه ماهانه", "متن", "/dashboard/?year=1405&month=4"))
    client = client_for(people.director)
    client.cookies["django_language"] = "en"
    pdf = client.get(reverse("notifications:digest_pdf", args=[digest.pk])).content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Monthly digest of East Azerbaijan, Tir 1405" in text
