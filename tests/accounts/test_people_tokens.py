"""Someone other than the owner stops a token: the director and planners see and revoke the API
tokens of the people they manage (as they deactivate them), each revocation recorded. A person
holds at most PAYESH_API_MAX_TOKENS live tokens."""

import pytest
from django.contrib.auth import get_user_model

from accounts import access, roles
from accounts.models import AccountChange
from api.models import ApiToken
from tests import factories
from tests.api_helpers import ApiClient, error_of, token_for
from tests.support import client_for

PAGE = "/api/tokens/people/"


@pytest.fixture
def held(people):
    """A token of each named person, and of a second planner."""
    people.planner_2 = factories.user("planner-2", roles.PLANNER)
    return {who: token_for(getattr(people, who), f"token of {who}")
            for who in ("director", "planner", "planner_2", "staff", "head_a", "head_b")}


def listed(html):
    return {who for who in ("director", "planner_2", "planner", "staff", "head_a", "head_b") if f"token of {who}<" in html}


def test_the_director_sees_every_other_persons_tokens_a_planner_those_they_manage(people, held):
    director = client_for(people.director).get(PAGE)
    assert director.status_code == 200 and 'id="people-tokens"' in director.content.decode()
    assert listed(director.content.decode()) == {"planner", "planner_2", "staff", "head_a", "head_b"}
    planner = client_for(people.planner).get(PAGE).content.decode()
    assert listed(planner) == {"staff", "head_a", "head_b"}  # not the director's, nor another planner's
    assert 'id="people-tokens-link"' in client_for(people.planner).get("/people/").content.decode()


@pytest.mark.parametrize("who", ["staff", "head_a"])
def test_others_reach_neither_the_page_nor_the_revocation(people, held, who):
    token = ApiToken.objects.get(user=people.head_b)
    client = client_for(getattr(people, who))
    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 403
    assert ApiClient(held["head_b"]).get("/api/sectors/").status_code == 200


def test_a_planner_revokes_a_heads_token_at_once_and_it_is_recorded(people, held):
    token = ApiToken.objects.get(user=people.head_a)
    planner = client_for(people.planner)
    response = planner.post(f"{PAGE}{token.pk}/revoke/", follow=True)
    assert response.status_code == 200 and "token of head_a" in response.content.decode()  # the message names it
    assert ApiClient(held["head_a"]).get("/api/sectors/").status_code == 401
    change = AccountChange.objects.get(kind="token_revoked")
    assert (change.person, change.actor, change.detail) == (people.head_a, people.planner, "token of head_a")
    assert "token of head_a" in planner.get("/people/changes/").content.decode()
    assert ApiClient(held["head_b"]).get("/api/sectors/").status_code == 200  # the others still work


def test_a_planner_cannot_revoke_the_directors_or_another_planners_token(people, held):
    planner = client_for(people.planner)
    for who in ("director", "planner_2"):
        token = ApiToken.objects.get(user=getattr(people, who))
        assert planner.post(f"{PAGE}{token.pk}/revoke/").status_code == 404
        assert ApiClient(held[who]).get("/api/sectors/").status_code == 200
    assert planner.post(f"{PAGE}99999999999999999999999/revoke/").status_code == 404
    assert not AccountChange.objects.filter(kind="token_revoked").exists()


def test_the_owners_own_revocation_is_recorded_too(people, held):
    token = ApiToken.objects.get(user=people.head_a)
    client_for(people.head_a).post(f"/api/tokens/{token.pk}/revoke/")
    assert ApiClient(held["staff"]).delete(
        f"/api/me/tokens/{ApiToken.objects.get(user=people.staff).pk}/").status_code == 204
    assert set(AccountChange.objects.filter(kind="token_revoked").values_list("person__username", "actor__username")) == {
        ("head-a", "head-a"), ("staff", "staff")}


def test_whom_one_manages_is_the_same_question_as_whom_one_may_deactivate(people, held):
    everyone = list(get_user_model().objects.all())
    for user in everyone:
        managed = set(access.manageable_people(user, get_user_model().objects.all()))
        assert managed == {p for p in everyone if access.can_deactivate(user, p)}, user


def test_the_page_costs_the_same_queries_with_more_tokens(people, held, django_assert_max_num_queries):
    director = client_for(people.director)
    with django_assert_max_num_queries(20) as few:
        director.get(PAGE)
    for i in range(12):
        token_for(factories.user(f"h{i}", roles.CENTER_HEAD))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert director.get(PAGE).status_code == 200


def test_a_person_holds_at_most_the_configured_number_of_live_tokens(people, settings):
    settings.PAYESH_API_MAX_TOKENS = 2
    page = client_for(people.head_a)
    for name in ("one", "two"):
        assert page.post("/api/tokens/", {"name": name}).context["shown"]
    refused = page.post("/api/tokens/", {"name": "three"})
    assert refused.context["shown"] is None and 'class="errorlist nonfield"' in refused.content.decode()
    api = page.post("/api/me/tokens/", {"name": "three"}, content_type="application/json")
    assert api.status_code == 409 and error_of(api)["code"] == "refused"
    assert ApiToken.objects.active().filter(user=people.head_a).count() == 2
    first = ApiToken.objects.get(user=people.head_a, name="one")
    page.post(f"/api/tokens/{first.pk}/revoke/")
    assert page.post("/api/tokens/", {"name": "three"}).context["shown"]  # a revoked one no longer counts
