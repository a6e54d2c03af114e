"""Writing a month through the API: the entry page's service, checks, messages, locks and history.

Center A's month 3 of 1405 is a draft (person-hours fixed_urban 500, others blank; version 1).
"""

import pytest

from reports.models import Figure, MonthlyReport
from tests.api_helpers import ApiClient, clients, error_of, token_for
from tests.reports.test_progress import build

URL = "/api/centers/CA/reports/1405/3/"
PH_URBAN = {"sector": "public", "area": "fixed_urban", "measure": "person_hours"}
PH_RURAL = {"sector": "public", "area": "rural_nomadic", "measure": "person_hours"}
PC_URBAN = {"sector": "public", "area": "fixed_urban", "measure": "person_courses"}


@pytest.fixture
def data(people, reference):
    build(people)
    people.api = clients(people)
    return people


def month_a3():
    return MonthlyReport.objects.get(center__code="CA", year=1405, month=3)


def test_a_head_saves_figures_with_the_version_and_the_history_names_the_api_user(data):
    response = data.api["head_a"].post(URL, {"version": 1, "figures": [
        {**PH_URBAN, "value": "۱٬۲۰"}, {**PH_RURAL, "value": 40, "comment": "روستای الف"}]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2 and body["status"] == "draft"
    rows = {(r["area"], r["measure"]): r for r in body["rows"]}
    assert rows[("fixed_urban", "person_hours")]["value"] == 120
    assert rows[("rural_nomadic", "person_hours")]["comment"] == "روستای الف"
    report = month_a3()
    assert report.version == 2 and report.updated_by == data.head_a
    urban = Figure.objects.get(report=report, area__code="fixed_urban", measure__code="person_hours")
    assert urban.value == 120
    assert urban.history.first().history_user == data.head_a  # the audit trail names the API user
    assert report.history.first().history_user == data.head_a


def test_rows_not_sent_keep_their_saved_values_and_null_clears_one(data):
    api = data.api["planner"]
    assert api.post(URL, {"version": 1, "figures": [{**PH_RURAL, "value": "7"}]}).status_code == 200
    figures = {(f.area.code, f.measure.code): f.value for f in month_a3().figures.all()}
    assert figures == {("fixed_urban", "person_hours"): 500, ("rural_nomadic", "person_hours"): 7}
    assert api.post(URL, {"version": 2, "figures": [{**PH_URBAN, "value": None}]}).status_code == 200
    assert {(f.area.code, f.measure.code) for f in month_a3().figures.all()} == {("rural_nomadic", "person_hours")}


def test_a_stale_version_is_a_409_with_the_newer_values_and_nothing_is_saved(data):
    head, planner = data.api["head_a"], data.api["planner"]
    assert planner.post(URL, {"version": 1, "figures": [{**PH_URBAN, "value": "300"}]}).status_code == 200
    response = head.post(URL, {"version": 1, "figures": [{**PH_URBAN, "value": "999"}]})
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "stale"
    current = error["current"]
    assert current["version"] == 2
    assert {(r["area"], r["measure"]): r["value"] for r in current["rows"]}[("fixed_urban", "person_hours")] == 300
    assert month_a3().figures.get(area__code="fixed_urban", measure__code="person_hours").value == 300


def test_the_first_save_of_a_month_without_a_report_needs_version_0(data):
    url = "/api/centers/CA/reports/1405/4/"
    api = data.api["head_a"]
    assert api.get(url).json()["version"] == 0
    assert api.post(url, {"version": 1, "figures": [{**PH_URBAN, "value": "10"}]}).status_code == 409
    assert api.post(url, {"version": 0, "figures": [{**PH_URBAN, "value": "10"}]}).status_code == 200
    assert api.post(url, {"version": 0, "figures": [{**PH_URBAN, "value": "11"}]}).status_code == 409


@pytest.mark.parametrize("language, words", [(None, "منفی"), ("en", "negative"), ("en-US,en;q=0.9", "negative"),
                                             ("fa-IR", "منفی")])
def test_a_bad_value_gets_the_entry_pages_message_in_the_requested_language(data, language, words):
    api = ApiClient(token_for(data.head_a), language=language)
    response = api.post(URL, {"version": 1, "figures": [{**PH_URBAN, "value": "-5"}]})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert words in error["fields"]["figures[0].value"][0]
    assert ("پذیرفته نشد" in error["message"]) == (words == "منفی")  # the API's own words too (api/locale)
    assert response["Content-Language"] == (language or "fa")[:2]
    assert month_a3().version == 1  # nothing of the request was saved


@pytest.mark.parametrize("value", ["1.5", "abc", "1e400", "9" * 30, "", "=1+1"])
def test_values_the_form_refuses_are_refused_with_a_field_message(data, value):
    response = data.api["head_a"].post(URL, {"version": 1, "submit": True, "figures": [{**PH_URBAN, "value": value}]})
    assert response.status_code in (400, 409)
    assert month_a3().version == 1


def test_an_outlier_needs_a_comment_as_on_the_page(data):
    api = data.api["head_a"]
    response = api.post(URL, {"version": 1, "figures": [{**PH_URBAN, "value": "5000"}]})
    assert response.status_code == 400
    assert "توضیح" in error_of(response)["fields"]["figures[0].value"][0]  # "write a comment that explains it"
    ok = api.post(URL, {"version": 1, "figures": [{**PH_URBAN, "value": "5000", "comment": "دوره فشرده"}]})
    assert ok.status_code == 200


def test_a_row_without_a_commitment_or_given_twice_is_named(data):
    response = data.api["head_a"].post(URL, {"version": 1, "figures": [
        {"sector": "private", "area": "fixed_urban", "measure": "person_hours", "value": "1"},
        {**PH_URBAN, "value": "1"}, {**PH_URBAN, "value": "2"}]})
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) == {"figures[0]", "figures[2]"}


def test_submitting_needs_every_row_then_the_month_counts_and_is_locked(data):
    api = data.api["head_a"]
    incomplete = api.post(URL, {"version": 1, "submit": True, "figures": [{**PH_URBAN, "value": "150"}]})
    assert incomplete.status_code == 409 and error_of(incomplete)["code"] == "refused"
    response = api.post(URL, {"version": 1, "submit": True, "figures": [
        {**PH_URBAN, "value": "150"}, {**PH_RURAL, "value": "20"}, {**PC_URBAN, "value": "5"}]})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted" and month_a3().submitted_by == data.head_a
    again = api.post(URL, {"version": 2, "figures": [{**PH_URBAN, "value": "1"}]})
    assert again.status_code == 409 and error_of(again)["code"] == "refused"


def test_a_future_month_and_an_impossible_month_are_refused(data):
    api = data.api["head_a"]
    future = api.post("/api/centers/CA/reports/1406/12/", {"version": 0, "figures": [{**PH_URBAN, "value": "1"}]})
    assert future.status_code in (400, 409)
    assert api.get("/api/centers/CA/reports/1405/13/").status_code == 404
    assert api.get("/api/centers/CA/reports/99999/1/").status_code == 404


@pytest.mark.parametrize("body", [{}, {"version": "x", "figures": []}, {"version": 1}, {"version": 1, "figures": "x"},
                                  {"version": -1, "figures": []}, {"version": 1, "figures": [{"value": 1}]}, []])
def test_a_malformed_body_is_a_400_in_the_error_shape(data, body):
    response = data.api["head_a"].post(URL, body)
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"


def test_a_browser_session_writes_only_with_its_csrf_token(data):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(data.head_a)
    response = client.post(URL, '{"version": 1, "figures": []}', content_type="application/json")
    assert response.status_code == 403
    client.get("/api/tokens/")
    csrf = client.cookies["csrftoken"].value
    response = client.post(URL, '{"version": 1, "figures": []}', content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 200


def test_a_body_larger_than_the_limit_is_a_json_413_before_it_is_read(data):
    response = ApiClient(token_for(data.head_a), language="en").client.post(
        URL, "{}", content_type="application/json", CONTENT_LENGTH=str(200 * 1024 * 1024),
        HTTP_AUTHORIZATION=f"Bearer {token_for(data.head_a)}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert error_of(response) == {"code": "too_large", "message": "Request too large", "fields": {}}
    assert month_a3().version == 1


def test_a_bad_field_of_a_row_is_named_by_its_position(data):
    response = data.api["head_a"].post(URL, {"version": 1, "figures": [{**PH_URBAN, "value": "1"},
                                                                      {**PH_RURAL, "sector": "a\x00b", "value": "1"}]})
    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["figures[1].sector"]


def test_a_locked_month_is_refused_before_its_saved_rows_are_checked_again(data):
    # center A's month 1 is submitted; its saved 999 person-courses would fail today's outlier check
    response = data.api["planner"].post("/api/centers/CA/reports/1405/1/", {"version": 1, "figures": []})
    assert response.status_code == 409 and error_of(response)["code"] == "refused"
