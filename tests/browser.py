"""Helpers for the browser tests."""

import os
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.profile import chosen_language
from tests.factories import PASSWORD
from tests.support import client_for


def log_in(page, live_server, username, password=PASSWORD, next_path=""):
    """Log in through the real login form; the caller waits for the page it expects next."""
    suffix = f"?next={quote(next_path)}" if next_path else ""
    page.goto(f"{live_server.url}/accounts/login/{suffix}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def sign_in(page, live_server, username, next_path=None):
    """Sign the page's browser context (or the context given as `page`) in as `username` without
    the login form, as a session the form would open (Client.force_login sends the same user_logged_in signal; the profile's language
    goes in the cookie, as the login's response would set it), then open `next_path` if given.

    For the tests whose subject is not the login: the form, the first page after it and a first
    login's password change are driven through log_in (test_browser_home, test_browser_handover)."""
    user = get_user_model().objects.get(username=username)
    client = client_for(user)
    cookies = [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url}]
    if language := chosen_language(user):
        cookies.append({"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url})
    getattr(page, "context", page).add_cookies(cookies)
    if next_path is not None:
        page.goto(live_server.url + next_path)
        page.wait_for_load_state()


def screenshots_wanted():
    return bool(os.environ.get("PAYESH_SCREENSHOTS"))


def screenshot(target, **options):
    """A page's or an element's screenshot (Playwright's options), for a person to look at: taken
    when PAYESH_SCREENSHOTS=1 is set (each is a full render and a PNG; taken on every run they were
    a tenth of the browser tests' time)."""
    if screenshots_wanted():
        target.screenshot(**options)


def shoot(page, artifacts, name):
    """The page as a screenshot at a desktop's width and at a phone's (390 px), in `artifacts`
    (PAYESH_SCREENSHOTS=1)."""
    if not screenshots_wanted():
        return
    screenshot(page, path=os.path.join(artifacts, f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, path=os.path.join(artifacts, f"{name}-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
