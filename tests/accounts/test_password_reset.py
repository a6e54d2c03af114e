"""Password reset by email: the link is made from PAYESH_SITE_URL, the answer does the same work
for a known and an unknown address (the mail goes after the response), a reset ends the account's
other sessions and tokens, a link issued before a deactivation stays dead, and an address shared
by two accounts reaches neither."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import services
from accounts.profile import profile_of
from payesh import background
from tests import factories
from tests.api_helpers import ApiClient, token_for

SITE = "https://payesh.example.org"
NEW_PASSWORD = "Sahand-1405-payiz"


@pytest.fixture
def mailed(people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PAYESH_SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["*"]  # a permissive deployment: the Host header must still not make the link
    people.head_a.email = "head-a@example.org"
    people.head_a.save()
    return people


def ask(email, **headers):
    response = Client().post("/accounts/password/reset/", {"email": email}, **headers)
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    return response


def link_of(message):
    return re.search(r"(https?://\S+/accounts/password/reset/\S+/)", message.body).group(1)


def test_the_link_is_made_from_the_site_url_never_from_the_requests_host(mailed):
    ask("head-a@example.org", HTTP_HOST="attacker.example:8443")
    background.drain()
    assert len(mail.outbox) == 1
    link = link_of(mail.outbox[0])
    assert link.startswith(f"{SITE}/accounts/password/reset/") and "attacker" not in mail.outbox[0].body


def test_a_known_and_an_unknown_address_cost_the_request_the_same_work(mailed, monkeypatch):
    handed_over = []
    monkeypatch.setattr(background, "submit", lambda job, *args: handed_over.append((job, args)))
    answers = {}
    for email in ("head-a@example.org", "nobody@example.org"):
        with CaptureQueriesContext(connection) as queries:
            answers[email] = ask(email)
        assert mail.outbox == []  # no mail server in the request's time
        answers[email] = ([re.sub(r"'[^']*@example\.org'", "?", q["sql"]) for q in queries.captured_queries],
                          answers[email].content)
    assert answers["head-a@example.org"] == answers["nobody@example.org"]
    assert len(handed_over) == 2
    for job, args in handed_over:  # after the response: a mail for the account, none for nobody
        job(*args)
    assert [m.to for m in mail.outbox] == [["head-a@example.org"]]


def test_the_mail_is_in_its_owners_language(mailed):
    profile = profile_of(mailed.head_a)
    profile.preferred_language = "en"
    profile.save()
    ask("HEAD-A@example.org")
    background.drain()
    assert mail.outbox[0].subject == "Payesh: choose a new password"


def follow(link, client=None):
    client = client or Client()
    page = client.get(link.removeprefix(SITE), follow=True)
    return client, page


def test_a_reset_ends_the_accounts_other_sessions_and_tokens(mailed):
    api = ApiClient(token_for(mailed.head_a))
    other = Client()
    other.post("/accounts/login/", {"username": "head-a", "password": factories.PASSWORD})
    ask("head-a@example.org")
    background.drain()
    client, page = follow(link_of(mail.outbox[0]))
    assert 'name="new_password1"' in page.content.decode()
    done = client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert api.get("/api/sectors/").status_code == 401
    response = other.get("/reports/centers/CA/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Client().post("/accounts/login/", {"username": "head-a", "password": NEW_PASSWORD}).status_code == 302


def test_a_link_issued_before_a_deactivation_no_longer_works_after_it(mailed):
    ask("head-a@example.org")
    background.drain()
    link = link_of(mail.outbox[0])
    services.deactivate(mailed.director, mailed.head_a)
    services.reactivate(mailed.director, mailed.head_a)
    _client, page = follow(link)
    assert page.status_code == 200 and 'name="new_password1"' not in page.content.decode()
    mailed.head_a.refresh_from_db()
    assert mailed.head_a.check_password(factories.PASSWORD)


def test_an_address_two_accounts_still_share_reaches_neither(mailed):
    """Left from before the rule (an address names one account): a link to the shared mailbox
    could open either account, so none is sent."""
    factories.user("head-a-old", email="Head-A@Example.org")
    ask("head-a@example.org")
    background.drain()
    assert mail.outbox == []


def test_without_a_site_url_the_link_is_a_path(mailed, settings):
    settings.PAYESH_SITE_URL = ""
    ask("head-a@example.org", HTTP_HOST="attacker.example:8443")
    background.drain()
    assert "attacker" not in mail.outbox[0].body
    assert re.search(r"^/accounts/password/reset/\S+/$", mail.outbox[0].body, re.M)
