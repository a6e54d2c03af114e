"""Shared fixtures: the reference lists, two centers with named people, the seeded demo (seeded
once a session, tests/snapshots.py), and a browser.

The named users follow the roles: director, planner, staff, the head of center A and of
center B. Data is built through the same seed code the demo uses.
"""

import os
import shutil

import pytest

from tests import factories, snapshots

# Debian's Chromium as its headless shell (apt-get install chromium-headless-shell: the same source
# and version as the `chromium` package, built for headless use only, as Playwright itself runs
# headless Chromium). Drawing and checking a page costs it about a third less CPU than the full
# browser, and a new page a fifth. The full browser is used where only it is installed.
CHROMIUMS = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"]
CHROMIUM = next((path for path in CHROMIUMS if os.path.exists(path)), CHROMIUMS[0])
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"]
DEMO_DATABASE = pytest.StashKey()  # (snapshots.DemoDatabase, the database blocker), once the database exists


def pytest_configure(config):
    """At the end of a session pytest collects garbage five times over, to report exceptions raised
    while objects are freed: each pass walks the whole heap (2 s of `make test-fast`'s 65). Once
    is enough; an exception raised then is still reported."""
    from _pytest.unraisableexception import gc_collect_iterations_key

    config.stash[gc_collect_iterations_key] = 1


def pytest_itemcollected(item):
    """A test of the demo fixture or of the demo's database is of the demo kind (before -m selects);
    one of the demo fixture needs the database.
    With pytest-xdist (-n 2 --dist loadgroup), the tests of the seeded demo run in one process, so
    that it is seeded once."""
    if "demo" in item.fixturenames and "db" not in item.fixturenames:  # so that the database is created; `demo` opens it
        item.fixturenames.append("db")
    if uses_demo(item):  # it reads the seeded demo or seeds it itself (the demo's own tests: 8 s)
        item.add_marker(pytest.mark.demo)
        item.add_marker(pytest.mark.xdist_group("demo"))


@pytest.hookimpl(trylast=True)  # after pytest-django's ordering (database tests first, transactional next)
def pytest_collection_modifyitems(config, items):
    """The longest work starts first, so that the other process's tests overlap it rather than
    wait for it at the end: the tests of the demo (under pytest-xdist one group, the longest: the
    browser sweep), then the tests marked `early` (servers, a drill, backup and restore in
    processes of their own), then the rest, each kind in pytest-django's order. The seeded demo
    the demo's tests share (tests/snapshots.py) is put back to the migrations' database after the
    last of them, so it is never in another test's database. With DATABASE_REPLICA_URL set, the
    dashboards of tests that commit (transaction=True, the live-server and browser tests) may read
    the replica, the test database's mirror: allow it."""
    from django.conf import settings

    items.sort(key=lambda item: (not uses_demo(item), item.get_closest_marker("early") is None))
    if "replica" not in settings.DATABASES:
        return
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and "databases" not in marker.kwargs:
            item.add_marker(pytest.mark.django_db(*marker.args, **marker.kwargs, databases=["default", "replica"]),
                            append=False)


def pytest_terminal_summary(terminalreporter, config):
    database, _blocker = config.stash.get(DEMO_DATABASE, (None, None))
    if database is not None and database.seeds:
        terminalreporter.write_line(f"the demo: seeded {database.seeds} time(s), put back {database.restores} time(s)")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test database, kept as the migrations leave it to come back to after the demo's tests
    (tests/snapshots.py)."""
    with django_db_blocker.unblock():
        database = snapshots.DemoDatabase()
    request.config.stash[DEMO_DATABASE] = database, django_db_blocker
    yield
    database.close()


@pytest.fixture(scope="session")
def demo_database(request, django_db_setup):
    """The test database with the demo, seeded once in a session (tests/snapshots.py)."""
    return request.config.stash[DEMO_DATABASE][0]


@pytest.fixture
def demo(request, demo_database, django_db_blocker):
    """The seeded demo (24 centers, four years; every demo login's password is
    snapshots.DEMO_PASSWORD), as seeded whatever the tests before did. Ask for it before `db` or
    any fixture that opens the database: a test's transaction starts on the demo."""
    with django_db_blocker.unblock():
        demo_database.load()
    request.getfixturevalue("db")


def uses_demo(item):
    return bool({"demo", "demo_database"} & set(item.fixturenames))


def is_transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool((marker and marker.kwargs.get("transaction")) or {"live_server", "transactional_db"} & set(item.fixturenames))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After each test the content types' cache is emptied; after a transactional test
    (committed, then flushed), the demo is to be put back; after the
    last test of the demo in a row, the database as the migrations left it (at the end of the
    session, the database is gone)."""
    try:
        return (yield)
    finally:
        # A content type may have been made in a test's rolled-back transaction, or flushed after a
        # committing test: none may be remembered past its test (an admin log entry would name
        # an id that is gone)
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        if uses_demo(item) and DEMO_DATABASE in item.config.stash:
            database, blocker = item.config.stash[DEMO_DATABASE]
            if is_transactional(item):
                database.changed()
            if nextitem is not None and not uses_demo(nextitem):
                with blocker.unblock():
                    database.leave()


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
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium-headless-shell); browser tests skipped")
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
