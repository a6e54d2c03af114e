import re

from django.test import Client
from django.urls import reverse

from accounts import services
from reports.models import MonthlyReport
from tests import factories


def test_anonymous_visitor_is_sent_to_login(db):
    response = Client().get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_persian_and_right_to_left(db):
    html = Client().get(reverse("login")).content.decode()
    assert 'dir="rtl"' in html and 'lang="fa"' in html
    assert "ورود" in html


def test_wrong_password_gets_a_persian_message(people):
    response = Client().post(reverse("login"), {"username": "director", "password": "nope"})
    assert response.status_code == 200
    assert "نام کاربری و گذرواژه" in response.content.decode()


def test_username_is_case_insensitive(people):
    client = Client()
    response = client.post(reverse("login"), {"username": "DIRECTOR", "password": factories.PASSWORD})
    assert response.status_code == 302


def test_home_lists_centers_with_county_head_and_latest_status(people, reference):
    MonthlyReport.objects.create(center=people.center_a, year=1405, month=7, status="approved")
    MonthlyReport.objects.create(center=people.center_a, year=1405, month=8, status="returned")
    client = Client()
    client.force_login(people.director)
    html = client.get(reverse("centers")).content.decode()
    assert "مرکز الف" in html and "مرکز ب" in html and "مراغه" in html
    assert "head-a" in html
    assert "آبان ۱۴۰۵" in html and "برگشت" in html  # latest report: Aban 1405, returned
    assert "هنوز گزارشی ندارد" in html  # center B has none


def test_home_query_count_does_not_grow_with_centers(people, province, django_assert_max_num_queries):
    client = Client()
    client.force_login(people.director)
    with django_assert_max_num_queries(8):
        client.get(reverse("centers"))
    for i in range(30):
        factories.center(province, f"X{i}", head=factories.user(f"h{i}"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("centers")).content.decode().count("<tr>") == 33


def test_home_is_the_dashboard_for_the_directorate_and_the_months_page_for_a_head(people, reference):
    client = Client()
    client.force_login(people.planner)
    assert client.get(reverse("home")).templates[0].name.startswith("dashboards/")
    client.force_login(people.head_a)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("entry:months", args=["CA"])


def test_healthz_answers_ok(db):
    response = Client().get(reverse("healthz"))
    assert response.status_code == 200 and response.json()["database"] == "ok"


def test_persian_even_for_an_english_browser_until_english_is_chosen(people):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = client.get(reverse("login")).content.decode()
    assert 'lang="fa"' in html and "ورود" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in html and 'dir="ltr"' in html and "Log in" in html


def centers_rows(html):
    """{code: the cells' text} of the centers list."""
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]:
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows[cells[0]] = cells
    return rows


def test_centers_without_a_head_are_listed_with_a_dash_for_every_role(people, reference):
    """A head deactivated (center B) and a center no head was ever given (center C): the list
    answered 500 for everyone as soon as one active center had no head."""
    services.deactivate(people.director, people.head_b)
    factories.center(people.center_a.province, "CC", "مرکز ج")
    for user in (people.director, people.planner, people.staff):
        client = Client()
        client.force_login(user)
        response = client.get(reverse("centers"))
        assert response.status_code == 200
        rows = centers_rows(response.content.decode())
        assert rows["CA"][3] == "head-a" and rows["CB"][3] == "—" and rows["CC"][3] == "—"


def test_a_head_reactivated_without_a_center_opens_the_first_page(people, reference):
    """Deactivated (their center left without a head) and reactivated: they head nothing, so the
    first page is the list of centers, which answered 500; holding nothing, they read no
    province's centers."""
    services.deactivate(people.director, people.head_b)
    services.reactivate(people.director, people.head_b)
    client = Client()
    client.force_login(people.head_b)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "CB" not in centers_rows(response.content.decode())
