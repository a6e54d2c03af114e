"""The API keeps the pages' access rules (accounts.access): every endpoint, every role.

Data: tests/test_progress.build (centers A and B of one province, 1405, months 1-3 in every
status), a draft and a finalized meeting. A head's token reaches only its own center's entry data
(another center's month: 404, as the entry page); the director and staff read but do not write
(403); planners write for any center.
"""

import pytest

from meetings import services as meeting_services
from payesh import jalali
from tests.api_helpers import ApiClient, clients, error_of
from tests.meetings_helpers import meeting
from tests.test_progress import build

READS = ["/api/provinces/", "/api/centers/", "/api/centers/CA/", "/api/sectors/", "/api/areas/", "/api/measures/",
         "/api/commitments/?year=1405", "/api/reports/?year=1405", "/api/board/?year=1405&month=3", "/api/centers/CB/board/?year=1405&month=3",
         "/api/reporting/?year=1405&month=3", "/api/meetings/", "/api/me/tokens/", "/api/dhis2/dataValueSets/?year=1405",
         "/api/schema/", "/api/docs/"]


@pytest.fixture
def data(people, reference):
    build(people)
    draft = meeting(people, month=3, title="جلسه باز")
    meeting_services.save_remark(draft, people.center_a, people.head_a, challenges="کمبود مربی")
    meeting_services.save_remark(draft, people.center_b, people.head_b, challenges="کمبود فضا")
    meeting_services.add_action_item(draft, "پیگیری الف", jalali.parse_jalali_date("1405/06/01"), responsible_center=people.center_a)
    meeting_services.add_action_item(draft, "پیگیری ب", jalali.parse_jalali_date("1405/06/01"), responsible_center=people.center_b)
    people.meeting = draft
    people.api = clients(people)
    return people


@pytest.mark.parametrize("role", ["director", "planner", "staff", "head_a", "head_b"])
def test_every_read_endpoint_answers_every_role(data, role):
    api = data.api[role]
    for url in READS:
        response = api.get(url)
        assert response.status_code == 200, (url, role, response.content[:300])
    assert api.get(f"/api/meetings/{data.meeting.pk}/").status_code == 200


@pytest.mark.parametrize("url", [*READS[:-2], "/api/centers/CA/reports/1405/3/", "/api/dhis2/dataValueSets/"])
def test_without_a_token_or_session_every_endpoint_answers_401_in_the_error_shape(data, url):
    response = ApiClient().get(url)
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_schema_and_docs_need_a_sign_in(data):
    assert ApiClient().get("/api/schema/").status_code in (401, 403)


def test_a_heads_token_reads_only_its_own_centers_reports_and_commitments(data):
    head = data.api["head_a"]
    reports = head.get("/api/reports/", year=1405).json()["results"]
    assert {r["center"] for r in reports} == {"CA"} and len(reports) == 3
    commitments = head.get("/api/commitments/", year=1405).json()["results"]
    assert {c["center"] for c in commitments} == {"CA"}
    assert {c["center"] for c in data.api["planner"].get("/api/commitments/", year=1405).json()["results"]} == {"CA", "CB"}
    assert data.api["director"].get("/api/commitments/", year=1405).json()["count"] == 4
    assert data.api["staff"].get("/api/commitments/", year=1405).json()["count"] == 0  # as the commitments pages: 403 there
    everything = data.api["staff"].get("/api/reports/", year=1405).json()["results"]
    assert {r["center"] for r in everything} == {"CA", "CB"} and len(everything) == 6


@pytest.mark.parametrize("role", ["head_a", "head_b"])
def test_a_heads_token_on_another_centers_month_is_404(data, role):
    other = "CB" if role == "head_a" else "CA"
    own = "CA" if role == "head_a" else "CB"
    api = data.api[role]
    assert api.get(f"/api/centers/{own}/reports/1405/2/").status_code == 200
    response = api.get(f"/api/centers/{other}/reports/1405/2/")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    response = api.post(f"/api/centers/{other}/reports/1405/3/", {"version": 1, "figures": []})
    assert response.status_code == 404
    # an unknown center reads the same as another's: its existence is not confirmed
    assert api.get("/api/centers/NOPE/reports/1405/2/").status_code == 404


@pytest.mark.parametrize("role", ["director", "staff"])
def test_director_and_staff_read_a_month_but_their_writes_are_403(data, role):
    api = data.api[role]
    month = api.get("/api/centers/CA/reports/1405/3/").json()
    assert month["status"] == "draft" and month["editable"] is False
    response = api.post("/api/centers/CA/reports/1405/3/", {"version": month["version"], "figures": [
        {"sector": "public", "area": "fixed_urban", "measure": "person_hours", "value": "100"}]})
    assert response.status_code == 403 and error_of(response)["code"] == "permission_denied"
    assert api.post("/api/dhis2/dataValueSets/", {"dataValues": []}).status_code == 403


def test_a_head_sees_its_provinces_meetings_with_its_own_centers_remarks_and_items_only(data):
    seen = data.api["head_a"].get(f"/api/meetings/{data.meeting.pk}/").json()
    assert [r["center"] for r in seen["remarks"]] == ["CA"]
    assert [i["responsible_center"] for i in seen["action_items"]] == ["CA"]
    everything = data.api["staff"].get(f"/api/meetings/{data.meeting.pk}/").json()
    assert sorted(r["center"] for r in everything["remarks"]) == ["CA", "CB"]
    assert len(everything["action_items"]) == 2


def test_a_meeting_of_another_province_is_404_for_a_head_and_its_director(data, people):
    from tests import factories
    other = factories.province("tehran", "تهران")
    far = meeting(people, title="جلسه تهران")
    far.province = other
    far.save()
    assert data.api["head_a"].get(f"/api/meetings/{far.pk}/").status_code == 404
    assert far.pk not in [m["id"] for m in data.api["head_a"].get("/api/meetings/").json()["results"]]
    assert data.api["director"].get(f"/api/meetings/{far.pk}/").status_code == 404  # a director of another province


def test_a_month_reads_as_the_entry_grid_with_its_status_version_and_reporting(data):
    month = data.api["head_a"].get("/api/centers/CA/reports/1405/2/").json()
    assert (month["status"], month["version"], month["editable"]) == ("approved", 1, False)
    assert month["locked_because"]
    rows = {(r["sector"], r["area"], r["measure"]): r for r in month["rows"]}
    assert rows[("public", "fixed_urban", "person_hours")]["value"] == 90
    assert rows[("public", "rural_nomadic", "person_hours")]["value"] == 80
    assert month["reporting"] in ("on_time", "late")


def test_reports_list_filters_and_pages(data):
    staff = data.api["staff"]
    body = staff.get("/api/reports/", year=1405, month=1).json()
    assert body["count"] == 2 and {r["center"] for r in body["results"]} == {"CA", "CB"}
    assert staff.get("/api/reports/", year=1405, status="returned").json()["count"] == 1
    assert staff.get("/api/reports/", year=1405, center="CB").json()["count"] == 3
    paged = staff.get("/api/reports/", year=1405, page_size=4).json()
    assert paged["count"] == 6 and len(paged["results"]) == 4 and paged["next"]
    first = staff.get("/api/reports/", year=1405, month=1, center="CA").json()["results"][0]
    assert first["status"] == "submitted"
    assert {(f["measure"], f["value"]) for f in first["figures"]} == {("person_hours", 120), ("person_hours", 30),
                                                                       ("person_courses", 999)}


@pytest.mark.parametrize("query", ["year=abc", "year=99999", "month=13", "month=-1", "year=" + "9" * 40, "page=999"])
def test_bad_query_values_are_a_400_or_404_naming_them_never_a_500(data, query):
    response = data.api["staff"].get("/api/reports/?" + query)
    assert response.status_code in (400, 404)
    error = error_of(response)
    if response.status_code == 400:
        assert list(error["fields"]) == [query.split("=")[0]]


def test_board_filters_that_are_no_choice_are_a_400_naming_them(data):
    response = data.api["director"].get("/api/board/", area="nowhere", year=1405)
    assert response.status_code == 400 and list(error_of(response)["fields"]) == ["area"]


def test_an_unknown_api_address_is_a_json_404(data):
    response = data.api["staff"].get("/api/nothing/here/")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_lists_cost_a_fixed_number_of_queries_however_many_reports(data, people, django_assert_max_num_queries):
    from tests import factories
    for month in range(4, 9):
        factories.report(people.center_b, month=month, figures=[("public", "fixed_urban", "person_hours", 10)])
    staff = data.api["staff"]
    staff.get("/api/reports/")  # the token's first use writes last_used_at
    with django_assert_max_num_queries(10):
        body = staff.get("/api/reports/", year=1405).json()
    assert body["count"] == 11


WRITES = {  # role: (POST center A's draft month's figures, import a value of center A's month 4)
    "director": (403, 403), "staff": (403, 403), "planner": (200, 200), "head_a": (200, 200), "head_b": (404, 400),
}


@pytest.mark.parametrize("role", list(WRITES))
def test_every_write_endpoint_for_every_role(data, role):
    from api import dhis2

    dhis2.seed_mapping()
    api = data.api[role]
    month = data.api["planner"].get("/api/centers/CA/reports/1405/3/").json()
    saved = api.post("/api/centers/CA/reports/1405/3/", {"version": month["version"], "figures": [
        {"sector": "public", "area": "fixed_urban", "measure": "person_hours", "value": "250"}]})
    value = {"dataElement": "PAYESH_PERSON_HOURS", "categoryOptionCombo": "PUBLIC_FIXED_URBAN", "orgUnit": "CA",
             "period": "202607", "value": "10"}
    imported = api.post("/api/dhis2/dataValueSets/", {"dataValues": [value]}, query="?submit=false")
    assert (saved.status_code, imported.status_code) == WRITES[role]
    for response in (saved, imported):
        if response.status_code >= 400:
            error_of(response)


def test_api_answers_are_never_cached_by_browsers_or_proxies(data):
    for response in (data.api["staff"].get("/api/board/"), ApiClient().get("/api/board/"),
                     data.api["staff"].get("/api/nothing/")):
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_bug_answers_a_json_500_and_is_logged_with_its_traceback(data, monkeypatch, caplog):
    from api import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.caching, "board", broken)
    response = data.api["staff"].get("/api/board/")
    assert response.status_code == 500 and error_of(response)["code"] == "server_error"
    assert any(r.name == "payesh.api" and r.exc_info and "a bug" in str(r.exc_info[1]) for r in caplog.records)
