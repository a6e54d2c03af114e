"""A person's own password and profile: changing the password, the first-login rule (an initial
password is changed before anything else), reset by email, and the profile's language."""

import re

import pytest
from django.core import mail
from django.test import Client

from accounts import services
from accounts.models import AccountChange, Profile
from accounts.profile import profile_of
from payesh import background
from tests import factories

NEW_PASSWORD = "Tabriz-spring-1405"


def logged_in(username, password=factories.PASSWORD):
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, "login failed"
    return client


def test_a_person_changes_their_own_password(people):
    client = logged_in("head-a")
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and 'name="new_password1"' in page.content.decode()
    response = client.post("/accounts/password/", {
        "old_password": factories.PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/done/"
    assert client.get("/reports/centers/CA/").status_code == 200  # still signed in
    people.head_a.refresh_from_db()
    assert people.head_a.check_password(NEW_PASSWORD)
    assert AccountChange.objects.filter(kind="password_changed", person=people.head_a, actor=people.head_a).exists()


def test_the_configured_validators_apply_and_a_wrong_old_password_is_refused(people):
    client = logged_in("head-a")
    too_short = client.post("/accounts/password/", {
        "old_password": factories.PASSWORD, "new_password1": "12345", "new_password2": "12345"})
    assert too_short.status_code == 200 and 'id="new_password2-errors"' in too_short.content.decode()
    wrong_old = client.post("/accounts/password/", {
        "old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert wrong_old.status_code == 200 and 'id="old_password-errors"' in wrong_old.content.decode()
    people.head_a.refresh_from_db()
    assert people.head_a.check_password(factories.PASSWORD)


def test_an_initial_password_must_be_changed_before_anything_else(people):
    head, password = services.appoint_new_head(people.director, people.center_b, "head-b2", "رئیس", "تازه")
    client = logged_in("head-b2", password)
    for url in ["/", "/reports/centers/CB/", "/dashboard/", "/accounts/profile/", "/people/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/accounts/password/", url
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and 'id="first-login"' in page.content.decode()
    assert client.get("/healthz").status_code == 200
    # the language switch and logging out stay open
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    client.post("/accounts/password/", {"old_password": password, "new_password1": NEW_PASSWORD,
                                         "new_password2": NEW_PASSWORD})
    assert not Profile.objects.get(user=head).must_change_password
    assert client.get("/reports/centers/CB/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/reports/centers/CB/").status_code == 302  # to the login


def test_the_rule_costs_no_query_on_a_page(people, django_assert_max_num_queries):
    """The profile comes with the user in the login backend's one query."""
    client = Client()
    client.force_login(people.head_a)
    profile_of(people.head_a)  # a profile row exists
    with django_assert_max_num_queries(50) as counted:
        client.get("/reports/centers/CA/")
    user_queries = [q["sql"] for q in counted.captured_queries if "accounts_profile" in q["sql"]]
    assert len(user_queries) == 1 and "auth_user" in user_queries[0]


def test_a_password_is_reset_by_email(people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PAYESH_SITE_URL = "https://payesh.example.org"
    people.head_a.email = "head-a@example.org"
    people.head_a.save()
    client = Client()
    assert client.post("/accounts/password/reset/", {"email": "head-a@example.org"})["Location"] == "/accounts/password/reset/sent/"
    background.drain()  # the mail goes after the response
    assert len(mail.outbox) == 1 and "head-a" in mail.outbox[0].body
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and 'name="new_password1"' in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    people.head_a.refresh_from_db()
    assert people.head_a.check_password(NEW_PASSWORD)
    # an unknown address gets the same answer and no mail
    assert client.post("/accounts/password/reset/", {"email": "nobody@example.org"}).status_code == 302
    background.drain()
    assert len(mail.outbox) == 1


def test_the_profile_saves_name_email_language_and_mail(people):
    client = logged_in("head-a")
    page = client.get("/accounts/profile/").content.decode()
    assert 'name="preferred_language"' in page and 'name="email_notifications"' in page
    response = client.post("/accounts/profile/", {"first_name": "علی", "last_name": "رضایی", "email": "ali@example.org",
                                                  "preferred_language": "en"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    people.head_a.refresh_from_db()
    profile = Profile.objects.get(user=people.head_a)
    assert (people.head_a.get_full_name(), people.head_a.email) == ("علی رضایی", "ali@example.org")
    assert profile.preferred_language == "en" and profile.email_notifications is False
    assert 'lang="en"' in client.get("/accounts/profile/").content.decode()


def test_a_bad_email_is_refused_with_a_message(people):
    client = logged_in("head-a")
    response = client.post("/accounts/profile/", {"first_name": "x", "email": "not an email", "preferred_language": "fa"})
    assert response.status_code == 200 and 'id="email-errors"' in response.content.decode()
    people.head_a.refresh_from_db()
    assert people.head_a.first_name == ""


def test_the_saved_language_follows_the_login(people):
    profile = profile_of(people.head_a)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    response = client.post("/accounts/login/", {"username": "head-a", "password": factories.PASSWORD})
    assert response.cookies["django_language"].value == "en"
    assert 'lang="en"' in client.get("/reports/centers/CA/").content.decode()


def test_without_a_saved_profile_the_switch_decides(people):
    assert logged_in("head-b").get("/accounts/profile/").status_code == 200  # a visit saves nothing
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.post("/accounts/login/", {"username": "head-b", "password": factories.PASSWORD})
    assert "django_language" not in response.cookies
    assert 'lang="en"' in client.get("/reports/centers/CB/").content.decode()


def test_the_header_names_the_user_with_a_link_to_the_profile(people):
    client = logged_in("head-a")
    html = client.get("/reports/centers/CA/").content.decode()
    assert 'id="profile-link"' in html and 'href="/accounts/profile/"' in html
    assert 'id="people-link"' not in html  # a head has no people pages


@pytest.mark.parametrize("who", ["director", "planner"])
def test_the_directorate_sees_the_people_link(people, who):
    client = Client()
    client.force_login(getattr(people, who))
    assert 'id="people-link"' in client.get("/centers/").content.decode()


def test_other_parts_of_payesh_add_their_settings_to_the_profile_page(people, monkeypatch):
    from accounts import sections

    monkeypatch.setattr(sections, "_SECTIONS", {})
    sections.register("people", "پیوند آزمایشی", "people:list", visible=lambda user: user.username == "director")
    sections.register("missing", "نصب‌نشده", "no-such-page")  # not installed here: left out
    director = logged_in("director").get("/accounts/profile/").content.decode()
    assert 'id="profile-sections"' in director and 'href="/people/"' in director and "نصب‌نشده" not in director
    assert 'id="profile-sections"' not in logged_in("head-a").get("/accounts/profile/").content.decode()
