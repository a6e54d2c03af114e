"""Rules of the people of the province kept at every door: an email address names one account
(in any case; many accounts may have none), on the profile, the people pages, the admin and in
the service; a head's handover deactivates the previous head only when the one asking could
deactivate them directly."""

import pytest
from django.contrib.auth import get_user_model

from accounts import roles, services
from tests import factories
from tests.batch_helpers import preview_and_confirm
from tests.test_people_tokens import client_of

TAKEN = "Head-A@Example.org"


@pytest.fixture
def addressed(people):
    people.head_a.email = "head-a@example.org"
    people.head_a.save()
    return people


def email_of(user):
    return get_user_model().objects.get(pk=user.pk).email


def test_the_profile_refuses_another_accounts_address_in_any_case(addressed):
    client = client_of(addressed.head_b)
    response = client.post("/accounts/profile/", {"first_name": "ب", "email": TAKEN, "preferred_language": "fa"})
    assert response.status_code == 200 and 'id="email-errors"' in response.content.decode()
    assert email_of(addressed.head_b) == ""
    assert client_of(addressed.head_a).post("/accounts/profile/", {  # one's own address, as it was
        "email": "HEAD-A@example.org", "preferred_language": "fa"}).status_code == 302
    for user in (addressed.head_b, addressed.staff):  # no address: allowed to many
        assert client_of(user).post("/accounts/profile/", {"email": "", "preferred_language": "fa"}).status_code == 302


def test_a_new_head_cannot_take_another_accounts_address(addressed):
    response = client_of(addressed.planner).post("/people/centers/CB/head/", {"username": "head-b2", "email": TAKEN})
    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert not get_user_model().objects.filter(username="head-b2").exists()
    with pytest.raises(services.PeopleError):
        services.create_account(addressed.director, "head-b3", email=" head-a@EXAMPLE.org ")


def test_the_admin_refuses_another_accounts_address(addressed):
    root = get_user_model().objects.create_superuser("root", password="x-123-long-pass")
    user = addressed.head_b
    response = client_of(root).post(f"/admin/auth/user/{user.pk}/change/", {
        "username": user.username, "email": TAKEN, "is_active": "on", "date_joined_0": "2026-03-21",
        "date_joined_1": "08:00:00", "groups": [g.pk for g in user.groups.all()]})
    assert response.status_code == 200 and "email" in response.context["adminform"].form.errors
    assert email_of(user) == ""


def test_a_planners_handover_does_not_deactivate_someone_the_planner_could_not(people):
    """A planner cannot deactivate another planner on the people pages; nor through a handover."""
    colleague = factories.user("planner-2", roles.PLANNER)
    services.set_head(people.center_b, None)
    services.set_head(people.center_b, colleague)  # another planner also heads a center
    spare = factories.user("head-spare", roles.CENTER_HEAD)
    _preview, response = preview_and_confirm(client_of(people.planner), "/people/centers/CB/head/",
                                             {"existing": spare.pk, "deactivate_previous": "on"}, follow=False)
    assert response.status_code == 200 and "planner-2 را غیرفعال کنید" in response.content.decode()  # the refusal names them
    colleague.refresh_from_db()
    people.center_b.refresh_from_db()
    assert colleague.is_active and people.center_b.head == colleague  # nothing of it was done
    assert preview_and_confirm(client_of(people.director), "/people/centers/CB/head/", {
        "existing": spare.pk, "deactivate_previous": "on"}, follow=False)[1].status_code == 302  # the director may
    colleague.refresh_from_db()
    assert not colleague.is_active
