"""Taking an account back ends every way into it: a new initial password, a password typed in the
admin, or a deactivation end its sessions and API tokens, and a reactivation brings none of them
back. The first-login rule holds on the API too."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client

from accounts import services
from accounts.models import AccountChange
from accounts.profile import profile_of
from api.models import ApiToken
from tests import factories
from tests.api_helpers import ApiClient, error_of, token_for
from tests.batch_helpers import confirm_shown

MONTH = "/api/centers/CA/reports/1405/1/"


def signed_in(user):
    client = Client()
    assert client.post("/accounts/login/", {"username": user.username, "password": factories.PASSWORD}).status_code == 302
    return client


def signed_out(client):
    """The session no longer opens a page: the next one sends it to the login."""
    response = client.get("/reports/centers/CA/")
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def token_dead(api):
    return [api.get(MONTH).status_code, api.post(MONTH, {"figures": []}).status_code] == [401, 401]


def test_a_new_initial_password_ends_the_heads_tokens_and_sessions(people):
    api, session = ApiClient(token_for(people.head_a)), signed_in(people.head_a)
    assert api.get(MONTH).status_code == 200 and api.post(MONTH, {"figures": []}).status_code != 401
    planner = Client()
    planner.force_login(people.planner)
    assert planner.post(f"/people/{people.head_a.pk}/password/").status_code == 200  # the new password shown
    assert token_dead(api)
    assert signed_out(session)
    assert ApiToken.objects.get(user=people.head_a).revoked_at is not None  # listed as revoked on their page


def test_a_reactivated_account_gets_neither_its_old_tokens_nor_its_sessions_back(people):
    api, session = ApiClient(token_for(people.head_a)), signed_in(people.head_a)
    director = Client()
    director.force_login(people.director)
    confirm_shown(director, f"/people/{people.head_a.pk}/deactivate/")
    director.post(f"/people/{people.head_a.pk}/reactivate/")
    people.head_a.refresh_from_db()
    assert people.head_a.is_active
    assert token_dead(api)
    assert signed_out(session)
    again = signed_in(people.head_a)  # the password still opens a new session
    assert again.get("/accounts/profile/").status_code == 200


def test_a_password_typed_in_the_admin_for_someone_else_is_an_initial_password(people):
    api, session = ApiClient(token_for(people.head_a)), signed_in(people.head_a)
    root = get_user_model().objects.create_superuser("root", password="x-123-long-pass")
    admin = Client()
    admin.force_login(root)
    response = admin.post(f"/admin/auth/user/{people.head_a.pk}/password/", {
        "password1": "Azar-1405-typed", "password2": "Azar-1405-typed", "usable_password": "true"})
    assert response.status_code == 302
    assert token_dead(api) and signed_out(session)
    assert profile_of(get_user_model().objects.get(pk=people.head_a.pk)).must_change_password
    assert AccountChange.objects.filter(kind="password_set", person=people.head_a, actor=root).exists()
    assert admin.get("/admin/auth/user/not-a-number/password/").status_code in (302, 404)


def test_accounts_deactivated_before_this_rule_lose_their_tokens_and_sessions_too(people):
    """The migrations end what a deactivation made before them left alive."""
    raw, session = token_for(people.head_b), signed_in(people.head_b)
    get_user_model().objects.filter(pk=people.head_b.pk).update(is_active=False)  # as the old code left it
    importlib.import_module("accounts.migrations.0008_access_version_and_token_revocations") \
        .end_the_access_of_deactivated_accounts(apps, None)
    importlib.import_module("api.migrations.0003_revoke_the_tokens_of_deactivated_accounts").revoke(apps, None)
    services.reactivate(people.director, get_user_model().objects.get(pk=people.head_b.pk))
    assert ApiClient(raw).get("/api/sectors/").status_code == 401
    response = session.get("/reports/centers/CB/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.fixture
def must_choose(people):
    profile = profile_of(people.head_a)
    profile.must_change_password = True
    profile.save()
    return people.head_a


def test_an_account_that_must_choose_its_password_gets_403_on_the_api_until_it_has(people, must_choose):
    api = ApiClient(token_for(must_choose))  # made before the rule applied to it
    session = Client()
    session.force_login(must_choose)
    for response in (api.get("/api/sectors/"), api.post(MONTH, {"figures": []}), session.get("/api/sectors/")):
        assert response.status_code == 403
        assert error_of(response)["code"] == "password_change_required"
    assert session.get("/reports/centers/CA/")["Location"] == "/accounts/password/"  # pages: sent to choose it
    services.password_chosen(must_choose)
    assert api.get("/api/sectors/").status_code == 200 and session.get("/api/sectors/").status_code == 200


def test_changepassword_on_the_command_line_keeps_the_same_rule(people, monkeypatch):
    import io

    from django.core.management import call_command

    api, session = ApiClient(token_for(people.head_a)), signed_in(people.head_a)
    monkeypatch.setattr("getpass.getpass", lambda prompt="Password: ": "Azar-1405-console")
    call_command("changepassword", "head-a", stdout=io.StringIO())
    assert token_dead(api) and signed_out(session)
    assert profile_of(get_user_model().objects.get(pk=people.head_a.pk)).must_change_password
