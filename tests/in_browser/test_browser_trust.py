"""Small things that each cost trust (issue 23 §6), as they are seen: in Persian and in English, on
a desktop (1366) and a phone (390). The API's documentation is a page of the site (its header, a
way back, its language); the meeting form shows the whole drafted agenda, the year in the page's
digits and ticks every head at once; the last-year card speaks of points; no page shows a middle
dot. That no table header is left without a name and no page has a serious axe-core violation is
the browser sweep's check, on each of these pages in both languages and widths
(tests/in_browser/test_browser_pages.py: HELD)."""

import pytest

from api import tokens
from meetings import services as meeting_services
from payesh import jalali
from tests.browser import sign_in
from tests.dashboards.test_years import build as build_years
from tests.in_browser.test_browser_pages import overflow
from tests.meetings_helpers import meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1366, 390]
LANGUAGES = ["fa", "en"]
KHORDAD = "?year=1405&month=3"

@pytest.fixture
def data(people, reference, province):
    build_years(people, province)
    m = meeting(people, month=3)
    meeting_services.add_action_item(m, "بازدید از کارگاه", m.date, responsible_center=people.center_a)
    tokens.create(people.director, "DHIS2")
    return people, m


def signed_in(browser, live_server, username, language, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    sign_in(page, live_server, username)
    return page


def open_page(page, live_server, path):
    response = page.goto(live_server.url + path)
    assert response.status == 200, path
    page.wait_for_load_state("load")


def api_documentation(browser, live_server, data, language, width):
    """The API's documentation is a page of the site."""
    page = signed_in(browser, live_server, "head-a", language, width)
    open_page(page, live_server, "/api/docs/")
    page.wait_for_selector("#swagger-ui .opblock-summary-path", timeout=15000)  # Swagger UI drew the operations
    assert page.evaluate("document.documentElement.lang") == language
    assert page.locator("header.topbar").is_visible() and page.locator("main > h1").inner_text() in ("راهنمای API", "API documentation")
    assert page.locator("main a[href='/api/tokens/']").first.is_visible()  # the way back
    assert page.locator("#swagger-ui").get_attribute("lang") == "en"  # the schema's own words are English
    assert overflow(page) <= 1
    page.context.close()


def meeting_form(browser, live_server, data, language, width):
    """The whole drafted agenda shows, the year is in the page's digits, one switch ticks every head."""
    people, _m = data
    page = signed_in(browser, live_server, "staff", language, width)
    open_page(page, live_server, "/meetings/new/")
    agenda = page.locator("textarea[name=agenda]")
    assert agenda.input_value().count("\n") >= 1
    assert agenda.evaluate("box => box.scrollHeight <= box.clientHeight + 1")  # no part of the draft hidden
    year, _month = jalali.last_complete_month()
    assert page.locator("input[name=year]").input_value() == (jalali.to_persian_digits(year) if language == "fa" else str(year))
    assert page.locator("input[name=title]").input_value() != ""
    heads = page.locator("input[name=attendees][data-head]")
    assert heads.count() == 2
    page.check("input[name=all_heads]")
    assert all(heads.nth(i).is_checked() for i in range(heads.count()))
    heads.first.uncheck()
    assert not page.locator("input[name=all_heads]").is_checked()
    assert overflow(page) <= 1
    page.context.close()


def headers_and_separators(browser, live_server, data, language, width):
    """No middle dot on the pages, points on the last-year card."""
    people, m = data
    problems = []
    for username, paths in (("director", ["/dashboard/" + KHORDAD, "/dashboard/center/CA/" + KHORDAD,
                                          "/dashboard/years/" + KHORDAD, "/people/", "/api/tokens/"]),
                            ("staff", [f"/meetings/{m.pk}/"]), ("head-a", ["/reports/centers/CA/"])):
        page = signed_in(browser, live_server, username, language, width)
        for path in paths:
            open_page(page, live_server, path)
            if "·" in page.inner_text("main"):
                problems.append(f"{path}: a middle dot")
        if username == "director":
            open_page(page, live_server, "/dashboard/" + KHORDAD)
            card = page.inner_text("#last-year")
            assert ("+۲۱ واحد درصد" if language == "fa" else "+21 points") in card and "+21%" not in card and "+۲۱٪" not in card
        page.context.close()
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_small_things_that_cost_trust_are_right_where_they_are_seen(browser, live_server, data, language, width):
    api_documentation(browser, live_server, data, language, width)
    meeting_form(browser, live_server, data, language, width)
    headers_and_separators(browser, live_server, data, language, width)
