"""A DHIS2 import is bounded (issue 22 §2): periods only of the years Payesh knows, at most
PAYESH_DHIS2_MAX_MONTHS months of centers a file (the error says so), and the grids of a file
loaded together, so the queries do not grow with its centers. Timings are bench_bounds's."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from api import dhis2
from reports.models import MonthlyReport
from tests import factories
from tests.api_helpers import ApiClient, error_of, token_for
from tests.test_api_dhis2 import URL, value


@pytest.fixture
def data(people, reference):
    for center in (people.center_a, people.center_b):
        factories.commitment(center, target=1200)
    dhis2.seed_mapping()
    return people


def test_a_period_of_a_year_without_commitments_is_refused_as_unknown(data):
    response = ApiClient(token_for(data.planner), language="en").post(URL, {"dataValues": [value(period="150003")]},
                                                                      query="?calendar=jalali")
    assert response.status_code == 400
    assert error_of(response)["fields"]["dataValues[0]"] == [
        "“150003” is not a monthly period (yyyyMM) of a year Payesh knows."]
    assert not MonthlyReport.objects.exists()


def test_the_gregorian_period_of_a_year_far_away_is_refused_too(data):
    response = ApiClient(token_for(data.planner), language="en").post(URL, {"dataValues": [value(period="213001")]})
    assert "of a year Payesh knows" in error_of(response)["fields"]["dataValues[0]"][0]


def test_more_months_of_centers_than_the_cap_are_refused_with_the_cap_in_the_message(data):
    body = {"dataValues": [value(period=p) for p in ("202604", "202605")] + [value(org="CB", period="202604")]}
    with override_settings(PAYESH_DHIS2_MAX_MONTHS=2):
        response = ApiClient(token_for(data.planner)).post(URL, body, query="?submit=false")
    assert response.status_code == 400
    assert error_of(response)["fields"]["dataValues"] == [
        "این پرونده مقدارهای ۳ ماهِ مرکز را دارد (هر ماهِ یک مرکز یک بار شمرده می‌شود)؛ هر پرونده حداکثر ۲ ماهِ مرکز می‌تواند داشته باشد؛ "
        "آن را بر پایهٔ سال یا مرکز به چند پرونده تقسیم کنید."]
    assert not MonthlyReport.objects.exists()


def queries_of_check(user, values):
    with CaptureQueriesContext(connection) as queries:
        dhis2.check(user, {"dataValues": values}, submit=False)
    return len(queries)


def test_the_grids_of_a_file_are_loaded_together_whatever_its_centers(data, province):
    more = [factories.center(province, f"C{n}") for n in range(8)]
    for center in more:
        factories.commitment(center, target=1200)
    dhis2.seed_mapping(more)
    months = ("202604", "202605", "202606")
    queries_of_check(data.planner, [value()])  # the planner's role, asked once
    two = queries_of_check(data.planner, [value(org=o, period=p) for o in ("CA", "CB") for p in months])
    ten = queries_of_check(data.planner, [value(org=o, period=p) for o in ["CA", "CB"] + [c.code for c in more]
                                          for p in months])
    assert ten == two
    assert two <= 6 + 2 * len(months)  # mapping, years, commitments, reports, figures; two a distinct month


def test_an_import_of_several_months_writes_each_as_the_entry_page_does(data):
    body = {"dataValues": [value(org=o, period=p, amount="100") for o in ("CA", "CB") for p in ("202604", "202605")]}
    response = ApiClient(token_for(data.planner)).post(URL, body)
    assert response.status_code == 200, response.content
    assert response.json()["importCount"] == {"imported": 4, "updated": 0, "ignored": 0}
    reports = MonthlyReport.objects.order_by("center__code", "month")
    assert [(r.center.code, r.month, r.status, r.version) for r in reports] == [
        ("CA", 1, "submitted", 1), ("CA", 2, "submitted", 1), ("CB", 1, "submitted", 1), ("CB", 2, "submitted", 1)]
    assert all(r.figures.get().history.first().history_user == data.planner for r in reports)
