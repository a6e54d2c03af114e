"""The entry grid from the keyboard alone: a head types figures, Enter moves down a row, the
buttons are reached with Tab; submitting with a blank row marks it and puts the cursor in it."""

import pytest

from payesh import jalali
from reports.models import MonthlyReport
from tests.browser import sign_in
from tests.entry_data import three_commitments

# the same keys on every database: CI runs it in one pass
pytestmark = [pytest.mark.browser, pytest.mark.db_independent, pytest.mark.django_db(transaction=True)]


def focused(page):
    return page.evaluate("document.activeElement.name || document.activeElement.textContent.trim()")


def test_head_fills_and_submits_a_month_with_the_keyboard_only(page, live_server, people, reference):
    year, month = jalali.current_year_month()
    three_commitments(people.center_a, year=year)
    sign_in(page, live_server, "head-a", next_path="/")
    page.wait_for_selector("table#months")
    page.goto(f"{live_server.url}/reports/centers/CA/{year}/{month}/")
    page.wait_for_selector("table#grid")
    first, second, third = page.eval_on_selector_all("input.value", "inputs => inputs.map(i => i.name)")  # in grid order

    page.keyboard.press("Tab")  # the skip link leads to the content
    assert focused(page) == "رفتن به محتوای صفحه"
    page.focus(f"input[name={first}]")
    page.keyboard.type("۴۰۰")  # person-hours, sensible for the person-courses below (the shipped rules)
    page.keyboard.press("Enter")  # to the next row's figure, not sending the form
    assert focused(page) == second
    page.keyboard.type("10")
    page.keyboard.press("Tab")
    assert focused(page) == second.replace("value_", "comment_")
    page.keyboard.press("Tab")
    assert focused(page) == third
    page.keyboard.press("Enter")  # last row: on to the first button
    assert focused(page) == "save"  # the "Save draft" button
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # "Submit for review" with the third row still blank

    assert not MonthlyReport.objects.exists()
    assert page.locator("tr.has-error").count() == 1
    assert focused(page) == third  # the blank row has the cursor
    assert page.input_value(f"input[name={first}]") == "۴۰۰"  # what was typed comes back
    page.keyboard.type("0")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    report = MonthlyReport.objects.get()
    assert report.status == "submitted"
    assert sorted(report.figures.values_list("value", flat=True)) == [0, 10, 400]
