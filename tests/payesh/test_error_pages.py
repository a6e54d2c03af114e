"""Error pages are Persian pages in the site's layout with a way back; the 500 page needs neither
the database nor a signed-in user, so it shows while the database is down."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

from tests.support import client_for


def test_the_500_page_renders_without_touching_the_database():
    # No django_db mark: any query here would raise "Database access not allowed".
    request = RequestFactory().get("/dashboard/")
    with translation.override("fa"):
        response = defaults.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="fa" dir="rtl">' in html and 'class="topbar"' in html
    assert "در سرور اشکالی پیش آمد" in html and 'href="/"' in html


def test_the_500_page_follows_the_language():
    with translation.override("en"):
        html = defaults.server_error(RequestFactory().get("/")).content.decode()
    assert 'dir="ltr"' in html and "Something went wrong on the server" in html


@pytest.mark.django_db
def test_404_and_403_in_persian_in_the_layout_with_a_way_back(people):
    client = client_for(people.head_b)
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    html = missing.content.decode()
    assert "صفحه پیدا نشد" in html and 'id="site-nav"' in html and 'href="/"' in html
    refused = client.get("/commitments/")
    assert refused.status_code == 403
    assert "این صفحه برای شما باز نیست" in refused.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("code, words", [(400, "این درخواست خوانده نشد"), (429, "درخواست‌های بیش از حد")])
def test_400_and_429_pages(rf, code, words):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override("fa"):
        html = render_to_string(f"{code}.html", request=request)
    assert words in html and 'href="/accounts/login/?next=/"' in html
