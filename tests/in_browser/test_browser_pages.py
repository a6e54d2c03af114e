"""Every page as its people see it: each page of tests/pages.py, in Persian and in English, at a
desktop width (1366) and a phone width (390), one test a page, in one browser with one signed-in
context per user and language, over the demo seeded once for the whole sweep.

On every page: it answers 200 (error pages their own code, in the site's layout with a way back),
the page itself never scrolls sideways, every menu entry can be reached (on a phone through the
menu button), charts run in the reading direction (English: first month and zero on the left;
Persian: on the right) with the page's digits on every tick, and axe-core finds no serious or
critical accessibility violation, nor one of the rules held at any impact (HELD: a table header
without a name, which axe-core rates minor, was on 196 page views). A page's problems in both
languages and widths are reported together.

The sweep checks layout and language, the same on every database: CI runs it in one pass
(db_independent). Its own live server serves the demo to every page: each test reads in a
transaction rolled back afterwards (on SQLite the server shares it), the sign-ins committed before.

PAYESH_SCREENSHOTS=1 also saves a full-page screenshot of each page to artifacts/pages/.
"""

import re
from pathlib import Path

import pytest
from django.test.utils import modify_settings
from pytest_django.live_server_helper import LiveServer

from tests.browser import screenshot, screenshots_wanted, sign_in
from tests.pages import ERROR_PAGES, PAGES, placeholders

pytestmark = [pytest.mark.browser, pytest.mark.demo, pytest.mark.db_independent, pytest.mark.django_db]

AXE = Path(__file__).parent.parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = [(1366, 900), (390, 844)]
LANGUAGES = ["fa", "en"]
LATIN, PERSIAN = re.compile("[0-9]"), re.compile("[۰-۹]")
# (name, user, path, status): the pages by user, so that one user's pages follow each other
SWEEP = sorted([(name, user, path, 200) for name, user, path in PAGES] + ERROR_PAGES, key=lambda p: p[1] or "")

# For each chart on the page: how its x axis runs and the text of its ticks (plotly's own layout),
# and any outside host its configuration names.
CHARTS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
  const x = gd._fullLayout.xaxis;
  return {id: gd.closest('[id]') ? gd.closest('[id]').id : '', range: x.range, type: x.type,
          ticks: Array.from(gd.querySelectorAll('.xtick text, .ytick text')).map(t => t.textContent),
          outside: [gd._context.topojsonURL, gd._context.plotlyServerURL].map(u => new URL(u || '/', location.href))
            .filter(u => u.origin !== location.origin).map(u => u.href)};
})"""

MENU = """() => {
  const w = window.innerWidth;
  return Array.from(document.querySelectorAll('.topbar .nav a, .topbar .who a, .topbar .who button, .topbar .lang button'))
    .map(a => { const r = a.getBoundingClientRect();
                return {text: a.textContent.trim(), shown: r.width > 0 && r.height > 0 && r.left >= -1 && r.right <= w + 1}; });
}"""

HELD = ["empty-table-header"]
AXE_RUN = """async (held) => {
  held = held || [];
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical' || held.includes(v.id))
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


def overflow(page):
    """How far the page itself is wider than the window (a table scrolling in its own box is fine)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def menu_problems(page, width):
    """Menu entries that cannot be seen; on a phone the menu button is opened first."""
    toggle = page.locator(".menu-toggle")
    opened = False
    if toggle.count() and toggle.is_visible():
        toggle.click()
        opened = True
    entries = page.evaluate(MENU)
    if opened:
        toggle.click()
    hidden = [e["text"] for e in entries if not e["shown"]]
    return [f"menu entries not reachable at {width}px: {hidden}"] if hidden else []


def chart_problems(page, language):
    problems = []
    if page.locator(".plot, .chart[data-source]").count():  # the plots shown (a phone shows some charts as HTML)
        page.wait_for_function("() => Array.from(document.querySelectorAll('.plot, .chart[data-source]'))"
                               ".filter(e => e.offsetParent).every(e => e.querySelector('svg.main-svg'))")
    for chart in page.evaluate(CHARTS):
        if chart["outside"]:  # plotly.js ships defaults naming outside hosts (scripts/vendor-plotly replaces them)
            problems.append(f"chart {chart['id']}: plotly is set to reach outside hosts: {chart['outside']}")
        start, end = chart["range"]
        if isinstance(start, str):  # a date axis never appears here; be safe
            continue
        runs_left_to_right = start < end
        if runs_left_to_right != (language == "en"):
            problems.append(f"chart {chart['id']}: x axis runs {'left to right' if runs_left_to_right else 'right to left'}")
        wrong = LATIN if language == "fa" else PERSIAN
        bad = [t for t in chart["ticks"] if wrong.search(t) and not (language == "en" and not PERSIAN.search(t))]
        if bad:
            problems.append(f"chart {chart['id']}: ticks in the other language's digits: {bad[:5]}")
    return problems


def check_page(page, url, expected_status, language, width, sweep_errors):
    response = page.goto(url)
    page.wait_for_load_state("load")
    problems = []
    if response.status != expected_status:
        return [f"answered {response.status}, not {expected_status}"]
    if page.evaluate("document.documentElement.lang") != language:
        problems.append("page language is not " + language)
    expected_dir = "rtl" if language == "fa" else "ltr"
    if page.evaluate("document.documentElement.dir") != expected_dir:
        problems.append("page direction is not " + expected_dir)
    problems += chart_problems(page, language)
    if (extra := overflow(page)) > 1:
        problems.append(f"the page scrolls sideways by {extra}px at {width}px")
    if page.locator(".topbar .nav").count():
        problems += menu_problems(page, width)
    problems += page.evaluate(AXE_RUN, HELD)
    problems += sweep_errors
    sweep_errors.clear()
    return problems


class Sweep:
    """The live server's address, the demo's placeholders, and a signed-in browser context per
    user and language; the pages of one user at a time are kept open."""

    def __init__(self, browser, server):
        self.server, self.url, self.values = server, server.url, placeholders()
        self.outside, self.contexts, self.pages = [], {}, {}
        for language in LANGUAGES:
            for user in sorted({p[1] for p in SWEEP}, key=lambda u: u or ""):
                self.contexts[user, language] = self.signed_in(browser, user, language)

    def signed_in(self, browser, user, language):
        context = browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
        context.add_cookies([{"name": "django_language", "value": language, "url": self.url}])
        context.add_init_script(path=str(AXE))
        context.on("request", lambda r: None if r.url.startswith(self.url) else self.outside.append(r.url))
        if user:
            sign_in(context, self.server, user)
        return context

    def page(self, user, language):
        """The page of this user in this language, with the script errors it met; another user's
        pages are closed."""
        for key in [k for k in self.pages if k[0] != user]:
            self.pages.pop(key)[0].close()
        if (user, language) not in self.pages:
            page, errors = self.contexts[user, language].new_page(), []
            page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
            self.pages[user, language] = page, errors
        return self.pages[user, language]

    def close(self):
        for context in self.contexts.values():
            context.close()


@pytest.fixture(scope="module")
def sweep(browser, demo_database, django_db_blocker):
    with django_db_blocker.unblock():
        demo_database.load()
        server = LiveServer("localhost")
        try:
            with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
                sweep = Sweep(browser, server)
                yield sweep
                sweep.close()
        finally:
            server.stop()
            demo_database.changed()  # the sign-ins were committed


@pytest.mark.parametrize("name, user, path, status", SWEEP, ids=[p[0] for p in SWEEP])
def test_the_page_in_both_languages_and_widths(sweep, artifacts, name, user, path, status):
    shots = None
    if screenshots_wanted():
        shots = Path(artifacts) / "pages"
        shots.mkdir(exist_ok=True)
    failures = []
    for language in LANGUAGES:
        page, errors = sweep.page(user, language)
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            problems = check_page(page, sweep.url + path.format(**sweep.values), status, language, width, errors)
            if status != 200:
                problems += error_page_problems(page)
            failures += [f"{name} ({user}, {language}, {width}px): {p}" for p in problems]
            if shots:
                screenshot(page, path=str(shots / f"{name}-{language}-{width}.png"), full_page=True)
    outside, sweep.outside[:] = list(sweep.outside), []
    assert outside == [], "requests to outside hosts"
    assert failures == [], "\n".join(failures)


def error_page_problems(page):
    """An error page is in the site's layout (its header), says what happened and links back."""
    problems = []
    if not page.locator("header.topbar").count():
        problems.append("error page without the site's header")
    if not page.locator(".error-page h1").count():
        problems.append("error page without its heading")
    if not page.locator(".error-page a[href='/']").count():
        problems.append("error page without a way back to the first page")
    return problems
