import os
from pathlib import Path

import pytest

from tests import test_browser_pages as sweep
from tests.browser import log_in
from tests.factories import seed_demo
from tests.pages import placeholders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINE = [("data-quality", "planner", "/reports/quality/?year={year}&month=all"),
        ("head-data-quality", "head-tbz1", "/reports/quality/?year={year}&month={month}"),
        ("rules", "planner", "/reports/rules/"), ("rule-new", "planner", "/reports/rules/new/"),
        ("rule-history", "planner", "/reports/rules/history/"), ("review-queue", "planner", "/reports/review/"),
        ("planner-month", "planner", "/reports/centers/AHR/{year}/{month}/"),
        ("planner-month-klb", "planner", "/reports/centers/KLB/{year}/7/")]


def test_mine(browser, live_server, artifacts, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", sweep.PASSWORD)
    seed_demo()
    from reports.quality.rules import retire_rule  # noqa
    values = placeholders()
    shots = Path(artifacts) / "mine"
    shots.mkdir(exist_ok=True)
    failures = []
    for language in sweep.LANGUAGES:
        for user in sorted({u for _n, u, _p in MINE}):
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            context.add_init_script(path=str(sweep.AXE))
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error, errors=errors: errors.append(f"script error: {error}"))
            log_in(page, live_server, user, sweep.PASSWORD)
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
            for name, u, path in MINE:
                if u != user:
                    continue
                for width, height in sweep.WIDTHS:
                    page.set_viewport_size({"width": width, "height": height})
                    problems = sweep.check_page(page, live_server.url + path.format(**values), 200, language, width, errors)
                    failures += [f"{name} ({user}, {language}, {width}px): {p}" for p in problems]
                    page.screenshot(path=str(shots / f"{name}-{language}-{width}.png"), full_page=True)
            context.close()
    assert failures == [], "\n".join(failures)
