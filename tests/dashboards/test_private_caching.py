"""Pages and downloads behind the login are never stored by a browser or a proxy cache
(Cache-Control: private, no-store); static files and /healthz keep their own headers."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def director(people, reference):
    factories.commitment(people.center_a)
    factories.report(people.center_a, figures=[("public", "fixed_urban", "person_hours", 90)])
    client = Client()
    client.force_login(people.director)
    return client


@pytest.fixture
def head(people, reference):
    client = Client()
    client.force_login(people.head_a)
    return client


def test_a_dashboard_page_is_private_and_not_stored(director):
    response = director.get(reverse("dashboards:province"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_an_xlsx_download_is_private_and_not_stored(director):
    response = director.get(reverse("dashboards:export", args=["xlsx"]))
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    assert {"private", "no-store"} <= cache_control(response)


def test_a_403_and_a_404_to_a_signed_in_user_are_not_stored(head):
    forbidden = head.get(reverse("entry:queue"))
    assert forbidden.status_code == 403
    assert {"private", "no-store"} <= cache_control(forbidden)
    missing = head.get(reverse("entry:months", args=["CB"]))  # another center's months
    assert missing.status_code == 404
    assert {"private", "no-store"} <= cache_control(missing)


def test_the_login_page_is_not_stored(db):
    assert {"private", "no-store"} <= cache_control(Client().get(reverse("login")))


def test_static_files_and_healthz_keep_their_own_headers(head, settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve from the source folders, as without collectstatic
    settings.WHITENOISE_AUTOREFRESH = True
    response = head.get("/static/css/payesh.css")  # even to a signed-in user
    assert response.status_code == 200
    assert "no-store" not in cache_control(response) and "private" not in cache_control(response)
    health = head.get(reverse("healthz"))
    assert health.status_code == 200 and "no-store" not in cache_control(health)
