"""The dashboards' filters are checked one by one: an unknown value is dropped with a note in
Persian and every other filter is kept, on the page and in its exports; Persian and Arabic-Indic
digits read as Latin ones in every query parameter."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from payesh.display import digits
from tests import factories
from tests.reports.test_progress import build

MORDAD = {"year": "1405", "month": "5", "measure": "person_hours"}


@pytest.fixture
def data(people, reference):
    build(people)
    return people


def get(user, url, params):
    client = Client()
    client.force_login(user)
    return client.get(url, params)


def heading(html):
    """The page's title line: '... as of the end of <month> <year>'."""
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


def selected(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="([^"]*)"[^>]*selected', select).group(1)


def test_an_unknown_area_is_dropped_with_a_note_and_the_month_is_kept(data):
    response = get(data.director, reverse("dashboards:province"), {**MORDAD, "area": "no-such-area"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "مرداد ۱۴۰۵" in heading(html) and "آبان" not in heading(html)
    assert selected(html, "month") == "5" and selected(html, "year") == "1405"
    assert 'id="dropped-filters"' in html and "«no-such-area»" in html and "حوزه آموزشی" in html
    assert response.context["selection"].area is None


def test_an_unknown_area_keeps_the_sector(data):
    response = get(data.director, reverse("dashboards:province"), {**MORDAD, "area": "no-such-area", "sector": "private"})
    html = response.content.decode()
    selection = response.context["selection"]
    assert (selection.year, selection.month, selection.sector.code, selection.measure.code) == (1405, 5, "private", "person_hours")
    assert selected(html, "sector") == "private"
    assert "«no-such-area»" in html


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_export_of_a_partly_bad_query_is_named_for_the_month_asked(data, fmt):
    response = get(data.director, reverse("dashboards:export", args=[fmt]),
                   {**MORDAD, "area": "no-such-area", "sector": "private"})
    assert response.status_code == 200
    # the month asked for, the province and the filter kept (the bad area dropped)
    assert response["Content-Disposition"] == f'attachment; filename="payesh-east-azarbaijan-1405-05-person_hours-private.{fmt}"'


@pytest.mark.parametrize("params, month, note", [
    ({"year": "1405", "month": "۵"}, 5, False),  # Persian digit
    ({"year": "١٤٠٥", "month": "٥"}, 5, False),  # Arabic-Indic digits
    ({"year": "۱۴۰۵", "month": " 5 "}, 5, False),
    ({"year": "1405", "month": "13", "sector": "public"}, 8, True),  # a bad month: the year's default
    ({"year": "1405", "month": "abc", "measure": "nope"}, 8, True),
])
def test_months_and_years_in_any_digits_and_bad_ones_dropped(data, params, month, note, monkeypatch):
    monkeypatch.setattr("payesh.jalali.last_complete_month", lambda now=None: (1405, 8))
    response = get(data.director, reverse("dashboards:province"), params)
    assert response.status_code == 200
    html = response.content.decode()
    selection = response.context["selection"]
    assert (selection.year, selection.month) == (1405, month)
    assert ('id="dropped-filters"' in html) == note
    if "sector" in params:
        assert selection.sector.code == "public"


def test_a_past_year_without_a_month_is_shown_as_of_its_end_even_with_a_bad_filter(data):
    from commitments.models import FiscalYear

    FiscalYear.objects.create(year=1404)
    response = get(data.director, reverse("dashboards:province"), {"year": "۱۴۰۴", "area": "x"})
    selection = response.context["selection"]
    assert (selection.year, selection.month) == (1404, 12)


@pytest.mark.parametrize("name", ["dashboards:focus", "dashboards:reporting"])
def test_other_dashboards_keep_the_good_filters_too(data, name):
    response = get(data.head_a, reverse(name), {**MORDAD, "province": "nowhere"})
    assert response.status_code == 200
    selection = response.context["selection"]
    assert (selection.year, selection.month) == (1405, 5)
    assert "«nowhere»" in response.content.decode()


def test_the_center_dashboard_keeps_the_month_when_the_sector_is_unknown(data):
    response = get(data.head_b, reverse("dashboards:center", args=["CA"]), {**MORDAD, "sector": "nope"})
    selection = response.context["selection"]
    assert (selection.year, selection.month, selection.sector) == (1405, 5, None)
    assert "«nope»" in response.content.decode()


@pytest.mark.parametrize("url, params, check", [
    ("entry:late", {"year": "۱۴۰۵", "month": "۳"}, lambda r: (r.context["year"], r.context["month"]) == (1405, 3)),
    ("commitments:list", {"year": "۱۴۰۴"}, lambda r: r.context["year"] == 1404),
    ("commitments:list", {"year": "١٤٠٤", "page": "۱"}, lambda r: r.context["year"] == 1404),
    ("commitments:allocation", {"year": "۱۴۰۴"}, lambda r: r.context["year"] == 1404),
    ("courses:area", {"year": "۱۴۰۴", "page": "٢"}, lambda r: r.context["year"] == 1404),
])
def test_persian_digits_in_the_query_of_other_pages(data, url, params, check):
    factories.commitment(data.center_a, year=1404)
    response = get(data.planner, reverse(url), params)
    assert response.status_code == 200 and check(response)


def test_a_bad_year_on_the_commitments_list_keeps_the_other_filters(data):
    response = get(data.planner, reverse("commitments:list"), {"year": "abc", "center": str(data.center_b.pk)})
    assert response.status_code == 200
    codes = {c.center.code for c in response.context["page"]}
    assert codes == {"CB"}


def approved_box(html):
    return re.search(r'<input type="checkbox" name="approved"[^>]*>', html).group(0)


@pytest.mark.parametrize("value", ["maybe", "null", "2", "yes please"])
def test_approved_that_is_not_yes_or_no_is_dropped_with_a_note_and_reports_submitted_count(data, value):
    response = get(data.director, reverse("dashboards:province"), {**MORDAD, "approved": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["selection"].approved_only is False
    # the value as typed, in the page's digits
    assert 'id="dropped-filters"' in html and f"«{digits(value)}»" in html and "فقط گزارش‌های تأییدشده" in html
    assert "checked" not in approved_box(html)
    assert selected(html, "month") == "5"  # the other filters are kept


@pytest.mark.parametrize("value, approved_only", [("on", True), ("1", True), ("true", True), ("TRUE", True), ("۱", True),
                                                   ("yes", True), ("0", False), ("false", False), ("off", False), ("no", False),
                                                   ("", False)])
def test_approved_reads_yes_and_no_in_any_spelling(data, value, approved_only):
    response = get(data.director, reverse("dashboards:province"), {**MORDAD, "approved": value})
    html = response.content.decode()
    assert response.context["selection"].approved_only is approved_only
    assert ("checked" in approved_box(html)) is approved_only
    assert 'id="dropped-filters"' not in html
