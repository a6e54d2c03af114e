"""On a phone (390 px) and a desktop (1366 px), in Persian and English: the charts read at a
phone's width and open as tables; the tables lead with what a person looks for; the entry grid
keeps its header, Save and Submit in reach over 60 rows, and the review form above them.

The numbers are tests/dashboards/test_years.py's (as of Khordad 1405: centers A 120%, B 105%, C 80%)."""

import os

import pytest

from accounts import roles
from commitments.models import Measure, Sector, TrainingArea
from reports.models import Figure, MonthlyReport
from tests import entry_data, factories
from tests.browser import screenshot, sign_in
from tests.dashboards.test_years import build
from tests.factories import user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [(1366, 900), (390, 844)]
KHORDAD = "?year=1405&month=3"
SHOWN_DRAWN = """() => Array.from(document.querySelectorAll('.plot')).filter(e => e.offsetParent)
  .every(e => e.querySelector('svg.main-svg'))"""
WORDS = {"fa": {"A": "مرکز الف", "B": "مرکز ب", "C": "مرکز پ", "to_chart": "بازگشت به نمودار", "pace": "۱۲۰٪", "zero": "۰٪",
               "rural_pace": "۹۰٪", "Pace": "سرعت پیشرفت"},
         "en": {"A": "Center CA", "B": "Center CB", "C": "Center CC", "to_chart": "Back to the chart", "pace": "120%",
                "zero": "0%", "rural_pace": "90%", "Pace": "Pace"}}


@pytest.fixture
def years_data(people, reference, province):
    build(people, province)
    return people


def in_language(page, live_server, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


def box(locator):
    return locator.bounding_box()


def within_screen(page, locator):
    """Whether the element is shown inside the window, without scrolling sideways."""
    b, width = box(locator), page.viewport_size["width"]
    return b is not None and b["width"] > 0 and b["x"] >= -1 and b["x"] + b["width"] <= width + 1


def visit(page, url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    page.wait_for_function(SHOWN_DRAWN)
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1  # no sideways scroll


def test_the_charts_read_on_a_phone_and_open_as_tables(page, live_server, years_data, artifacts):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, "director", next_path="/")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    for language in ("fa", "en"):
        words = WORDS[language]
        in_language(page, live_server, language)
        for width, height in WIDTHS:
            visit(page, f"{live_server.url}/dashboard/{KHORDAD}", width, height)
            phone = width < 640
            for chart_id in ("target-vs-actual", "pace-heatmap", "by-sector", "by-area"):
                assert page.locator(f"#chart-{chart_id} .plot").is_visible() != phone, (chart_id, width)
                assert page.locator(f"#chart-{chart_id} .phone-chart").is_visible() == phone, (chart_id, width)
            assert page.locator("#chart-cumulative .plot svg.main-svg").first.is_visible()  # readable at both widths
            if phone:
                ranked = page.locator("#chart-target-vs-actual .ranked li")
                assert [ranked.nth(i).locator(".name").inner_text() for i in range(3)] == [words["A"], words["B"], words["C"]]
                assert words["pace"] in ranked.first.inner_text()
                track = box(ranked.first.locator(".track"))
                assert track["width"] >= 220  # the plotly bars had about 100 px
                target = box(ranked.first.locator(".track .target"))  # bars grow from the reading start
                start = (track["x"] + track["width"], target["x"] + target["width"]) if language == "fa" else (track["x"], target["x"])
                assert abs(start[0] - start[1]) < 1.5, start
                summary = page.locator("#chart-pace-heatmap .pace-rows summary").nth(2)
                assert words["C"] in summary.inner_text()
                assert float(summary.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 13  # was about 5 px
                summary.click()
                months = page.locator("#chart-pace-heatmap .pace-rows details").nth(2).locator("ol.months li")
                assert months.count() == 3 and words["zero"] in months.nth(2).inner_text() and months.nth(2).is_visible()
                assert within_screen(page, months.nth(2))
                screenshot(page.locator("#chart-pace-heatmap"), path=os.path.join(artifacts, f"phone-heatmap-{language}.png"))
            # the numbers as a table, in the chart's place, and back
            for chart_id in ("cumulative", "target-vs-actual"):
                chart = page.locator(f"#chart-{chart_id}")
                chart.locator("details.as-table summary").click()
                assert chart.locator("table.chart-numbers").is_visible()
                assert not chart.locator(".plot").is_visible() and not chart.locator(".phone-chart").is_visible()
                assert chart.locator("summary").inner_text().strip() == words["to_chart"]
                chart.locator("details.as-table summary").click()
                assert not chart.locator("table.chart-numbers").is_visible()
                page.wait_for_function(SHOWN_DRAWN)
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
            screenshot(page, path=os.path.join(artifacts, f"phone-charts-{language}-{width}.png"), full_page=True)
    assert not errors, errors


def test_the_years_curves_start_with_two_years_on_a_phone(page, live_server, years_data, artifacts):
    sign_in(page, live_server, "director", next_path="/")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    drawn = "#chart-years .scatterlayer .trace"
    for language in ("fa", "en"):
        in_language(page, live_server, language)
        for width, height in WIDTHS:
            visit(page, f"{live_server.url}/dashboard/years/{KHORDAD}", width, height)
            assert page.locator("#chart-years .legend .traces").count() == 5  # 1402-1404, this year's target and actual
            phone = width < 640
            assert page.locator(drawn).count() == (3 if phone else 5)
            assert page.locator("#chart-years p.phone-chart").is_visible() == phone
            if phone:
                page.locator("#chart-years .legend .traces").first.click()  # 1402 shown again
                page.wait_for_function(f"() => document.querySelectorAll('{drawn}').length === 4")
                screenshot(page.locator("#chart-years"), path=os.path.join(artifacts, f"phone-years-{language}.png"))


def test_the_tables_lead_with_what_a_person_looks_for(page, live_server, years_data, artifacts):
    sign_in(page, live_server, "director", next_path="/")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    for language in ("fa", "en"):
        in_language(page, live_server, language)
        for width, height in WIDTHS:
            # a center's sectors and areas: pace and status next to the name
            visit(page, f"{live_server.url}/dashboard/center/CA/{KHORDAD}", width, height)
            for table in ("#by-sector", "#by-area"):
                row = page.locator(f"{table} tbody tr").first
                assert row.locator("td").nth(1).inner_text() == WORDS[language]["pace"]
                assert within_screen(page, row.locator("td").nth(1)) and within_screen(page, row.locator("td .badge"))
            # year over year: this year's pace, last year's and the change first
            visit(page, f"{live_server.url}/dashboard/years/{KHORDAD}", width, height)
            total = page.locator("#year-over-year tbody tr.total td")
            assert [total.nth(i).inner_text() for i in (1, 2, 3)] == (["۱۰۶٪", "۸۵٪", "+۲۱"] if language == "fa" else
                                                                       ["106%", "85%", "+21"])  # the change in points
            assert all(within_screen(page, total.nth(i)) for i in (1, 2, 3))
            # the reporting grid starts at its latest month, with the centers in view
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{live_server.url}/dashboard/reporting/{KHORDAD}")
            latest = page.locator("#grid thead th").last
            assert latest.inner_text() == ("خرداد" if language == "fa" else "Khordad")
            assert within_screen(page, latest) and within_screen(page, page.locator("#grid tbody tr td").first)
            screenshot(page.locator("#grid"), path=os.path.join(artifacts, f"phone-reporting-{language}-{width}.png"))
            # the people page: "replace the head" without scrolling sideways
            page.goto(f"{live_server.url}/people/")
            links = page.locator("#centers-heads tbody td:last-child a")
            assert links.count() == 3 and all(within_screen(page, links.nth(i)) for i in range(3))
    # the focus page, the province's and the national one: pace and status next to the center
    in_rural_area(years_data.center_a)
    user("national", roles.NATIONAL_PLANNER)
    for username, query in (("director", ""), ("national", "&province=all")):
        page.context.clear_cookies()
        sign_in(page, live_server, username, next_path="/")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        for language in ("fa", "en"):
            in_language(page, live_server, language)
            for width, height in WIDTHS:
                visit(page, f"{live_server.url}/dashboard/focus/{KHORDAD}{query}", width, height)
                row = page.locator("#focus-rural_nomadic tbody tr").first
                assert row.locator("td").first.inner_text() == WORDS[language]["A"]
                assert row.locator("td").nth(1).inner_text() == WORDS[language]["rural_pace"]
                assert within_screen(page, row.locator("td").nth(1)) and within_screen(page, row.locator("td .badge"))
                # the sectors side by side: the three sectors' paces right after the center, all in
                # view on a phone (center A's public sector first), then actuals, then targets
                assert page.locator("#sectors thead tr").first.locator("th").nth(1).inner_text() == WORDS[language]["Pace"]
                row = page.locator("#sectors tbody tr").first
                assert row.locator("td").first.inner_text() == WORDS[language]["A"]
                assert row.locator("td").nth(1).inner_text() == WORDS[language]["pace"]
                assert all(within_screen(page, row.locator("td").nth(i)) for i in (1, 2, 3))
                if width < 800:
                    screenshot(page, path=os.path.join(artifacts, f"phone-focus-{language}{query[1:9]}.png"), full_page=True)


def in_rural_area(center):
    """Center A's work in the rural and nomadic area, private sector: 90 a month of 100 due (90%
    as of Khordad), on its reports of Farvardin to Khordad."""
    factories.commitment(center, sector="private", area="rural_nomadic", target=1200)
    for report in MonthlyReport.objects.filter(center=center, year=1405, month__lte=3):
        Figure.objects.create(report=report, sector=Sector.objects.get(code="private"),
                              area=TrainingArea.objects.get(code="rural_nomadic"),
                              measure=Measure.objects.get(code="person_hours"), value=90)


def test_the_entry_grid_keeps_its_header_and_buttons_in_reach_over_60_rows(page, live_server, people, reference, artifacts):
    entry_data.many_commitments(people.center_a, 60)
    entry_data.many_commitments(people.center_b, 60)
    factories.report(people.center_b, 1405, 2, "submitted")
    url = f"{live_server.url}{entry_data.url('month', people.center_a)}"
    sign_in(page, live_server, "head-a", next_path="/")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    for language in ("fa", "en"):
        in_language(page, live_server, language)
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            page.goto(url)
            rows = page.locator("#grid tbody tr:not(.sector)")
            assert rows.count() == 60
            for name in ("save", "submit"):  # at the top, seen without scrolling
                button = page.locator(f"#actions-head button[name={name}]")
                assert button.is_visible() and box(button)["y"] + box(button)["height"] <= height
                assert box(button)["y"] < box(rows.first)["y"]
            rows.nth(45).scroll_into_view_if_needed()
            assert page.evaluate("window.scrollY") > 1500
            for name in ("save", "submit"):  # and at the screen's foot while the rows scroll by
                button = page.locator(f"#actions-foot button[name={name}]")
                b = box(button)
                assert b["y"] >= 0 and b["y"] + b["height"] <= height + 1, (name, width, b)
            if width > 800:  # a table: its header stays at the top of the screen
                header = box(page.locator("#grid thead th").first)
                assert -1 <= header["y"] <= 2 and header["height"] > 10, header
                assert page.locator("#grid thead th").first.inner_text() == ("حوزه آموزشی" if language == "fa" else "Training area")
            else:  # a card a row, each figure with its own label
                assert rows.nth(45).locator("td.input").first.evaluate("e => getComputedStyle(e, '::before').content") != "none"
            screenshot(page, path=os.path.join(artifacts, f"phone-entry-{language}-{width}.png"))
    rows.nth(59).locator("input.value").fill("12")
    page.locator("#actions-foot button[name=save]").click()
    page.wait_for_selector("#report-status.status-draft")
    assert MonthlyReport.objects.get(center=people.center_a, year=1405, month=2).figures.get().value == 12

    page.context.clear_cookies()
    sign_in(page, live_server, "planner", next_path=entry_data.url("month", people.center_b))
    page.wait_for_selector("#review-form")
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}{entry_data.url('month', people.center_b)}")
        review, first_row = box(page.locator("#review-form")), box(page.locator("#grid tbody tr:not(.sector)").first)
        assert review["y"] < first_row["y"]  # reached without scrolling past the rows
        assert box(page.locator("#review-form button[name=approve]"))["y"] < 2 * height
