"""Personal tokens: made on a page (shown once, stored hashed), revoked there or through the API,
throttled each on its own budget."""

import hashlib

import pytest
from django.test import Client, override_settings

from api.models import ApiToken
from tests.api_helpers import ApiClient, error_of, token_for


@pytest.fixture
def page(people):
    client = Client()
    client.force_login(people.head_a)
    return client


def test_the_page_shows_a_new_token_once_and_keeps_only_its_prefix_and_hash(people, page):
    response = page.post("/api/tokens/", {"name": "همگام‌سازی DHIS2"})
    assert response.status_code == 200
    shown = response.context["shown"]
    assert shown.startswith("pay_") and shown in response.content.decode()
    token = ApiToken.objects.get(user=people.head_a)
    assert token.name == "همگام‌سازی DHIS2" and shown.split("_")[1] == token.prefix
    assert token.digest == hashlib.sha256(shown.encode()).hexdigest()
    assert shown not in {str(v) for v in ApiToken.objects.values_list("name", "prefix", "digest").get()}
    again = page.get("/api/tokens/").content.decode()
    assert shown not in again and token.prefix in again  # listed by its beginning, never in full again
    assert ApiClient(shown).get("/api/centers/").status_code == 200


def test_a_revoked_token_answers_401_everywhere(people, page):
    raw = token_for(people.head_a)
    api = ApiClient(raw)
    assert api.get("/api/board/").status_code == 200
    token = ApiToken.objects.get(user=people.head_a)
    response = page.post(f"/api/tokens/{token.pk}/revoke/", follow=True)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    for url in ("/api/board/", "/api/centers/CA/reports/1405/1/", "/api/me/tokens/"):
        response = api.get(url)
        assert response.status_code == 401 and error_of(response)["code"] == "authentication_failed"


def test_a_user_revokes_only_their_own_tokens(people, page):
    token_for(people.head_b)
    other = ApiToken.objects.get(user=people.head_b)
    assert page.post(f"/api/tokens/{other.pk}/revoke/").status_code == 404
    assert page.post("/api/tokens/99999999999999999999999/revoke/").status_code == 404
    own_api = ApiClient(token_for(people.head_a))
    assert own_api.delete(f"/api/me/tokens/{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_revoking_through_the_api_and_listing_ones_own_tokens(people):
    raw = token_for(people.planner, "first")
    token_for(people.head_a, "not mine")
    api = ApiClient(raw)
    listed = api.get("/api/me/tokens/").json()["results"]
    assert [t["name"] for t in listed] == ["first"] and "digest" not in listed[0]
    assert api.delete(f"/api/me/tokens/{listed[0]['id']}/").status_code == 204
    assert api.get("/api/me/tokens/").status_code == 401


def test_a_token_is_made_from_a_session_never_with_another_token(people):
    api = ApiClient(token_for(people.planner))
    response = api.post("/api/me/tokens/", {"name": "more"})
    assert response.status_code == 403 and error_of(response)["code"] == "permission_denied"
    session = Client()
    session.force_login(people.planner)
    made = session.post("/api/me/tokens/", {"name": "script"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["token"].startswith("pay_")
    assert ApiClient(made.json()["token"]).get("/api/sectors/").status_code == 200


@pytest.mark.parametrize("header", ["Bearer pay_nope", "Bearer", "Bearer a b", "Token " + "x" * 500, "Bearer pay_123456789012_x"])
def test_a_malformed_or_unknown_token_is_401(people, header):
    response = Client().get("/api/centers/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401 and error_of(response)["code"] == "authentication_failed"


def test_an_inactive_users_token_stops_working(people):
    raw = token_for(people.head_a)
    people.head_a.is_active = False
    people.head_a.save()
    assert ApiClient(raw).get("/api/centers/").status_code == 401


def test_the_page_refuses_an_empty_or_too_long_name(people, page):
    assert "name" in page.post("/api/tokens/", {"name": "   "}).context["form"].errors
    assert "name" in page.post("/api/tokens/", {"name": "x" * 101}).context["form"].errors
    assert not ApiToken.objects.exists()


@override_settings(PAYESH_API_RATE="3/min")
def test_each_token_has_its_own_budget_and_a_429_is_json_with_retry_after(people):
    from api import throttles

    throttles.reset()
    first, second = ApiClient(token_for(people.planner, "a")), ApiClient(token_for(people.planner, "b"))
    for _ in range(3):
        assert first.get("/api/sectors/").status_code == 200
    response = first.get("/api/sectors/")
    assert response.status_code == 429
    assert error_of(response)["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    assert second.get("/api/sectors/").status_code == 200  # another token of the same user: its own budget
