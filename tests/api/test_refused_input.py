"""Input that could only do harm is refused at the door, on SQLite and PostgreSQL alike (the suite
runs on both): a NUL character (0x00) anywhere in an address, a query string, a cookie, a form or
a JSON body is a 400 (the site's error page, or the API's error shape naming the parameter), never
a 500 (PostgreSQL stores no text with a NUL); JSON nested deeper than limits.JSON_DEPTH_MAX is a 400
in the API's shape, never a RecursionError's 500."""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from api import dhis2
from meetings.models import Meeting
from payesh import inputs, limits
from payesh.params import yes_no
from reports.models import MonthlyReport
from tests.api_helpers import ApiClient, error_of, token_for
from tests.reports.test_progress import build

NUL_PERSIAN = "نویسه NUL (0x00) پذیرفته نیست."
NUL_ENGLISH = "A NUL character (0x00) is not accepted."


@pytest.fixture
def data(people, reference):
    build(people)  # center A's month 3 of 1405 is a draft (version 1)
    dhis2.seed_mapping()
    return people


def signed_in(user, language=None):
    client = Client()
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def is_the_400_page(response, language="fa"):
    html = response.content.decode()
    heading = "این درخواست خوانده نشد" if language == "fa" else "This request could not be read"
    return response.status_code == 400 and f'lang="{language}"' in html and heading in html


# --- a NUL in the API's query strings and paths -------------------------------------------------


@pytest.mark.parametrize("url, name", [
    ("/api/centers/?province=%00", "province"),
    ("/api/commitments/?center=%00", "center"),
    ("/api/reports/?status=%00", "status"),
    ("/api/dhis2/dataValueSets/?center=%00", "center"),
    ("/api/dhis2/dataValueSets/?center=CA,a%00b&year=1405", "center"),
    ("/api/board/?sector=%00", "sector"),
    ("/api/reports/?year=1405&status=approved&status=%00", "status"),  # a repeated parameter too
])
def test_a_nul_in_an_api_query_parameter_is_a_400_naming_it(data, url, name):
    response = ApiClient(token_for(data.planner), language="en").get(url)
    assert response.status_code == 400
    assert error_of(response) == {"code": "invalid", "message": "Some values were not accepted; see fields.",
                                  "fields": {name: [NUL_ENGLISH]}}


def test_the_apis_refusal_is_persian_unless_english_is_asked_for(data):
    response = ApiClient(token_for(data.planner)).get("/api/centers/?province=%00")
    assert response.status_code == 400 and error_of(response)["fields"] == {"province": [NUL_PERSIAN]}


def test_a_nul_in_a_path_of_the_api_is_a_400(data):
    response = ApiClient(token_for(data.planner)).get("/api/centers/CA%00/")
    assert response.status_code == 400 and list(error_of(response)["fields"]) == ["path"]


# --- a NUL in the API's JSON bodies ---------------------------------------------------------------


def test_a_nul_in_a_months_comment_is_named_by_its_position_and_nothing_is_saved(data):
    api = ApiClient(token_for(data.head_a), language="en")
    body = {"version": 1, "figures": [{"sector": "public", "area": "fixed_urban", "measure": "person_hours", "value": "1"},
                                      {"sector": "public", "area": "rural_nomadic", "measure": "person_hours", "value": "2",
                                       "comment": "a\x00b"}]}
    response = api.post("/api/centers/CA/reports/1405/3/", body)
    assert response.status_code == 400
    assert error_of(response)["fields"] == {"figures[1].comment": [NUL_ENGLISH]}
    assert MonthlyReport.objects.get(center__code="CA", year=1405, month=3).version == 1


def dhis2_value(**changes):
    return {"dataElement": "PAYESH_PERSON_HOURS", "categoryOptionCombo": "PUBLIC_FIXED_URBAN", "orgUnit": "CA",
            "period": "202607", "value": "100", **changes}


@pytest.mark.parametrize("value, where", [
    (dhis2_value(comment="a\x00b"), "dataValues[0].comment"),  # an open month: it would be saved
    (dhis2_value(orgUnit="\x00"), "dataValues[0].orgUnit"),
    ({**dhis2_value(), "a\x00": "1"}, "dataValues[0].a\\x00"),
])
def test_a_nul_in_a_dhis2_file_is_named_and_nothing_is_imported(data, value, where):
    response = ApiClient(token_for(data.planner), language="en").post("/api/dhis2/dataValueSets/", {"dataValues": [value]},
                                                                      query="?submit=false")
    assert response.status_code == 400
    assert error_of(response)["fields"] == {where: [NUL_ENGLISH]}
    assert not MonthlyReport.objects.filter(center__code="CA", month=4).exists()


def test_a_nul_in_a_dhis2_file_on_its_page_is_a_message_and_nothing_is_imported(data):
    planner = signed_in(data.planner)
    upload = SimpleUploadedFile("values.json", json.dumps({"dataValues": [dhis2_value(comment="a\x00b")]}).encode())
    response = planner.post("/api/dhis2/", {"file": upload, "calendar": "gregorian"}, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert f"dataValues[0].comment: {NUL_PERSIAN}" in response.content.decode()
    assert not MonthlyReport.objects.filter(center__code="CA", month=4).exists()


# --- JSON nested too deep ---------------------------------------------------------------------------


def nested(depth):
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("url, role", [("/api/centers/CA/reports/1405/3/", "head_a"), ("/api/dhis2/dataValueSets/", "planner")])
@pytest.mark.parametrize("depth", [927, 5000, limits.JSON_DEPTH_MAX + 1])
def test_json_nested_too_deep_is_a_400_in_the_apis_shape(data, url, role, depth):
    api = ApiClient(token_for(getattr(data, role)), language="en")
    response = api.client.post(url, nested(depth), content_type="application/json", **api.headers)
    assert response.status_code == 400
    assert error_of(response) == {"code": "too_deep", "message": "JSON nested more than 20 levels deep is not accepted.",
                                  "fields": {}}


def test_json_nested_to_the_limit_is_read(data):
    api = ApiClient(token_for(data.planner), language="en")
    body = {"dataValues": [dhis2_value(comment="ok")], "extra": json.loads(nested(limits.JSON_DEPTH_MAX - 1))}
    response = api.post("/api/dhis2/dataValueSets/", body, query="?submit=false")
    assert response.status_code == 200, response.content


def test_a_session_posting_deep_json_for_a_token_gets_the_same_400(data):
    client = signed_in(data.planner)
    response = client.post("/api/me/tokens/", nested(1000), content_type="application/json")
    assert response.status_code == 400 and error_of(response)["code"] == "too_deep"


def test_deep_json_on_the_dhis2_page_is_a_message(data):
    planner = signed_in(data.planner, "en")
    upload = SimpleUploadedFile("values.json", nested(100).encode())
    response = planner.post("/api/dhis2/", {"file": upload, "calendar": "gregorian"}, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "JSON nested more than 20 levels deep is not accepted." in response.content.decode()


# --- a NUL on the pages: the address, the query string, a cookie, a form -----------------------------


@pytest.mark.parametrize("url", [
    "/dashboard/center/%00/",  # a center's code looked up (a 500 on PostgreSQL)
    "/dashboard/center/CA/area/a%00/",
    "/dashboard/?province=%00",
    "/dashboard/?sort=%00",
    "/commitments/?center=%00",
    "/reports/centers/CA/?year=1405&x%00=1",  # a parameter's name too
    "/admin/centers/center/?q=%00",  # the admin's search
])
def test_a_nul_in_a_pages_address_or_query_is_the_400_page(data, url):
    assert is_the_400_page(signed_in(data.planner).get(url))


def test_the_400_page_is_in_the_language_the_user_chose(data):
    assert is_the_400_page(signed_in(data.planner, "en").get("/dashboard/center/%00/"), "en")


def test_a_nul_in_the_session_cookie_is_the_400_page_not_a_lookup(data):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "abcdefgh\x00ijklmnop"  # arrives as "\000" in a quoted cookie
    assert is_the_400_page(client.get("/dashboard/"))


def test_a_nul_in_a_form_is_the_400_page_and_nothing_is_saved(data):
    planner = signed_in(data.planner)
    before = Meeting.objects.count()
    response = planner.post("/meetings/new/", {"title": "جلسه\x00", "date": "1405/05/01", "year": "1405", "month": "4"})
    assert is_the_400_page(response)
    assert Meeting.objects.count() == before


def test_a_nul_in_the_login_form_is_the_400_page(db):
    assert is_the_400_page(Client().post("/accounts/login/", {"username": "director\x00", "password": "x"}))


def test_text_without_a_nul_passes(data):
    response = signed_in(data.planner).get("/dashboard/?province=nowhere&sort=%01")
    assert response.status_code == 200


# --- yes-or-no parameters of the API ---------------------------------------------------------------


@pytest.mark.parametrize("url, name", [
    ("/api/board/?approved=maybe", "approved"),
    ("/api/board/?approved=null", "approved"),
    ("/api/centers/CA/board/?approved=maybe", "approved"),
    ("/api/centers/?active=maybe", "active"),
    ("/api/dhis2/dataValueSets/?year=1405&download=maybe", "download"),
])
def test_a_yes_or_no_parameter_that_is_neither_is_a_400_naming_it(data, url, name):
    response = ApiClient(token_for(data.planner), language="en").get(url)
    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == [name]


@pytest.mark.parametrize("value, approved_only", [("true", True), ("1", True), ("on", True), ("false", False), ("0", False),
                                                   ("off", False), ("", False)])
def test_approved_reads_yes_and_no(data, value, approved_only):
    response = ApiClient(token_for(data.planner)).get(f"/api/board/?year=1405&month=3&approved={value}")
    assert response.status_code == 200 and response.json()["selection"]["approved_only"] is approved_only


def test_active_false_lists_the_inactive_centers(data):
    data.center_b.active = False
    data.center_b.save()
    api = ApiClient(token_for(data.planner))
    assert [c["code"] for c in api.get("/api/centers/?active=false").json()["results"]] == ["CB"]
    assert [c["code"] for c in api.get("/api/centers/?active=1").json()["results"]] == ["CA"]


def test_submit_that_is_neither_yes_nor_no_imports_nothing(data):
    response = ApiClient(token_for(data.planner), language="en").post("/api/dhis2/dataValueSets/",
                                                                      {"dataValues": [dhis2_value()]}, query="?submit=maybe")
    assert response.status_code == 400 and list(error_of(response)["fields"]) == ["submit"]
    assert not MonthlyReport.objects.filter(center__code="CA", month=4).exists()


# --- the rules themselves ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, where", [
    ('{"figures": [{"value": "1"}, {"comment": "a\\u0000b"}]}', "figures[1].comment"),
    ('{"a\\u0000": 1}', "a\\x00"),
    ('[1, ["ok", "\\u0000"]]', "[1][1]"),
    ('"\\u0000"', "request"),
])
def test_a_nul_in_json_is_named_by_its_position(text, where):
    with pytest.raises(inputs.Refused) as refused:
        inputs.load_json(text)
    assert (refused.value.code, refused.value.where) == ("nul", where)


def test_json_is_read_to_its_depth_limit_and_refused_one_level_deeper():
    assert inputs.load_json(nested(limits.JSON_DEPTH_MAX))
    for depth in (limits.JSON_DEPTH_MAX + 1, 100000):
        with pytest.raises(inputs.Refused) as refused:
            inputs.load_json(nested(depth))
        assert refused.value.code == "too_deep"
    assert inputs.load_json('"a backslash and u0000: \\\\u0000"') == "a backslash and u0000: \\u0000"  # no NUL in it


@pytest.mark.parametrize("value, meaning", [("1", True), ("on", True), (" TRUE ", True), ("yes", True), ("۱", True),
                                            ("0", False), ("off", False), ("False", False), ("no", False), ("٠", False),
                                            ("maybe", None), ("null", None), ("", None), (None, None), ("2", None)])
def test_yes_or_no(value, meaning):
    assert yes_no(value) is meaning
