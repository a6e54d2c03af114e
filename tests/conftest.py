"""Shared fixtures: the reference lists, two centers with named people, and a browser.

The named users follow the roles: director, planner, staff, the head of center A and of
center B. Data is built through the same seed code the demo uses.
"""

import os
import shutil

import pytest

from tests import factories

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"]


def pytest_collection_modifyitems(config, items):
    """With DATABASE_REPLICA_URL set, the dashboards of tests that commit (transaction=True, the
    live-server and browser tests) may read the replica, the test database's mirror: allow it."""
    from django.conf import settings

    if "replica" not in settings.DATABASES:
        return
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and "databases" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(*marker.args, **marker.kwargs, databases=["default", "replica"]),
                            append=False)


@pytest.fixture
def reference(db):
    return factories.reference()


@pytest.fixture
def province(db):
    return factories.province()


@pytest.fixture
def people(db, province):
    return factories.people(province)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM) or not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing under CI=true: browser tests must run in CI")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; every request it makes is recorded in page.requested_urls."""
    context = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    yield page
    context.close()


@pytest.fixture
def artifacts():
    """Folder for screenshots a person looks at (kept out of git)."""
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "artifacts")
    os.makedirs(path, exist_ok=True)
    return path
