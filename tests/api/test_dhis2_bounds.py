"""A DHIS2 import is bounded (issue 22 §2): periods only of the years Payesh knows, at most
PAYESH_DHIS2_MAX_MONTHS months of centers a file (the error says so), the grids of a file loaded
together and its months written together, so the queries do not grow with its centers and by
a few a month at most; a file imported again writes nothing. Timings are bench_bounds's."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from api import dhis2
from reports.models import Figure, MonthlyReport
from tests import factories
from tests.api.test_api_dhis2 import URL, value
from tests.api_helpers import ApiClient, error_of, token_for


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


def queries_of(step, user, body):
    """The queries of dhis2.check or dhis2.import_values of a file, as drafts."""
    with CaptureQueriesContext(connection) as queries:
        step(user, body, submit=False)
    return len(queries)


def queries_of_check(user, values):
    return queries_of(dhis2.check, user, {"dataValues": values})


@pytest.fixture
def more(data, province):
    """Eight more centers, each with a commitment and mapped."""
    centers = [factories.center(province, f"C{n}") for n in range(8)]
    for center in centers:
        factories.commitment(center, target=1200)
    dhis2.seed_mapping(centers)
    return centers


def test_the_grids_of_a_file_are_loaded_together_whatever_its_centers(data, more):
    months = ("202604", "202605", "202606")
    queries_of_check(data.planner, [value()])  # the planner's role, asked once
    two = queries_of_check(data.planner, [value(org=o, period=p) for o in ("CA", "CB") for p in months])
    ten = queries_of_check(data.planner, [value(org=o, period=p) for o in ["CA", "CB"] + [c.code for c in more]
                                          for p in months])
    assert ten == two
    # mapping, years, commitments, reports, figures, the rules in force and the centers' history
    # (reports.quality, once a file); two a distinct month
    assert two <= 8 + 2 * len(months)


def test_an_import_of_several_months_writes_each_as_the_entry_page_does(data):
    body = {"dataValues": [value(org=o, period=p, amount="100") for o in ("CA", "CB") for p in ("202604", "202605")]}
    response = ApiClient(token_for(data.planner)).post(URL, body)
    assert response.status_code == 200, response.content
    assert response.json()["importCount"] == {"imported": 4, "updated": 0, "ignored": 0}
    reports = MonthlyReport.objects.order_by("center__code", "month")
    assert [(r.center.code, r.month, r.status, r.version) for r in reports] == [
        ("CA", 1, "submitted", 1), ("CA", 2, "submitted", 1), ("CB", 1, "submitted", 1), ("CB", 2, "submitted", 1)]
    assert all(r.figures.get().history.first().history_user == data.planner for r in reports)


# --- what an import writes, and in how many queries ------------------------------------------------


def history_rows():
    return Figure.history.count() + MonthlyReport.history.count()


def months_of(*centers, periods=("202604", "202605"), amount="100"):
    return {"dataValues": [value(org=o, period=p, amount=amount) for o in centers for p in periods]}


@pytest.mark.parametrize("submit", ["true", "false"])
def test_the_same_file_imported_twice_writes_nothing_the_second_time(data, submit):
    api = ApiClient(token_for(data.planner))
    assert api.post(URL, months_of("CA", "CB"), query=f"?submit={submit}").status_code == 200
    saved = list(MonthlyReport.objects.order_by("pk").values_list("status", "version", "updated_at"))
    figures, before = list(Figure.objects.order_by("pk").values_list("pk", "value")), history_rows()
    response = api.post(URL, months_of("CA", "CB"), query=f"?submit={submit}")
    assert response.status_code == 200, response.content
    assert response.json()["months"] == 0
    assert response.json()["importCount"] == {"imported": 0, "updated": 0, "ignored": 4}
    assert history_rows() == before
    assert list(MonthlyReport.objects.order_by("pk").values_list("status", "version", "updated_at")) == saved
    assert list(Figure.objects.order_by("pk").values_list("pk", "value")) == figures


def test_a_changed_value_writes_its_figure_and_its_month_alone_with_their_history(data):
    api = ApiClient(token_for(data.planner))
    api.post(URL, months_of("CA", "CB"), query="?submit=false")
    body = months_of("CA", "CB")
    body["dataValues"][1]["value"] = "120"  # CA, Ordibehesht
    before = history_rows()
    response = api.post(URL, body, query="?submit=false")
    assert response.json()["importCount"] == {"imported": 0, "updated": 1, "ignored": 3}
    assert response.json()["months"] == 1
    assert history_rows() == before + 2
    changed = Figure.history.latest("history_id")
    assert (changed.history_type, changed.value, changed.history_user, changed.report.month) == ("~", 120, data.planner, 2)
    report = MonthlyReport.history.latest("history_id")
    assert (report.history_type, report.center.code, report.month, report.version) == ("~", "CA", 2, 2)


def test_a_submitted_month_given_as_it_is_saved_is_ignored_and_a_changed_one_refused(data):
    api = ApiClient(token_for(data.planner), language="en")
    api.post(URL, months_of("CA"))
    assert api.post(URL, months_of("CA")).json()["importCount"]["ignored"] == 2
    response = api.post(URL, months_of("CA", amount="101"))
    assert response.status_code == 400
    assert error_of(response)["fields"]["dataValues[0]"] == ["CA, Farvardin 1405: Submitted; waiting for review by planning."]


def test_a_blank_value_clears_a_drafts_figure_with_a_history_row(data):
    api = ApiClient(token_for(data.planner))
    api.post(URL, months_of("CA"), query="?submit=false")
    response = api.post(URL, {"dataValues": [value(period="202604", amount="")]}, query="?submit=false")
    assert response.status_code == 200, response.content
    assert not Figure.objects.filter(report__month=1).exists()
    cleared = Figure.history.latest("history_id")
    assert (cleared.history_type, cleared.value, cleared.history_user) == ("-", 100, data.planner)


def queries_of_import(user, body):
    return queries_of(dhis2.import_values, user, body)


def test_an_imports_queries_grow_by_a_few_a_month_and_not_with_its_centers(data, more):
    codes = ["CA", "CB"] + [c.code for c in more]
    queries_of_import(data.planner, months_of("CA", periods=("202611",)))  # the planner's role, asked once
    first = ("202604", "202605")
    new_two = queries_of_import(data.planner, months_of("CA", "CB", periods=first))
    new_ten = queries_of_import(data.planner, months_of(*codes, periods=("202606", "202607")))
    new_four_months = queries_of_import(data.planner, months_of(*codes, periods=("202608", "202609", "202610", "202612")))
    assert new_ten == new_two  # new months: written together, whatever the centers
    assert new_four_months <= new_ten + 2 * 2  # two more a month: load_grids's statements of a (year, month)
    saved = ("202606", "202607")  # now saved for every center: each is claimed by its version, one statement each
    changed_two = queries_of_import(data.planner, months_of("CA", "CB", periods=saved, amount="90"))
    changed_ten = queries_of_import(data.planner, months_of(*codes, periods=saved, amount="90"))
    assert changed_ten <= changed_two + 8 * 2
