"""DHIS2 dataValueSets: periods, export, import checked whole, and the round trip (export, import
into a database without the reports, and the dashboards agree)."""

import pytest

from api import dhis2
from api.models import DataElementMapping
from commitments.models import Measure, Sector, TrainingArea
from reports.models import Figure, MonthlyReport
from reports.progress import boards
from reports.progress.selection import Selection
from tests.api_helpers import ApiClient, error_of, token_for
from tests.reports.test_progress import build

URL = "/api/dhis2/dataValueSets/"


@pytest.fixture
def data(people, reference):
    build(people)
    dhis2.seed_mapping()
    return people


# --- periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize("year, month, gregorian", [(1405, 1, "202604"), (1405, 9, "202612"), (1405, 10, "202701"),
                                                    (1405, 12, "202703"), (1403, 12, "202503")])
def test_a_jalali_month_is_the_gregorian_month_holding_its_15th(year, month, gregorian):
    assert dhis2.period_of(year, month) == gregorian
    assert dhis2.month_of(gregorian) == (year, month)
    assert dhis2.period_of(year, month, dhis2.JALALI) == f"{year}{month:02d}"
    assert dhis2.month_of(f"{year}{month:02d}", dhis2.JALALI) == (year, month)


def test_every_jalali_month_of_three_centuries_has_its_own_gregorian_period_and_reads_back():
    seen = set()
    for year in range(1300, 1601):
        for month in range(1, 13):
            period = dhis2.period_of(year, month)
            assert period not in seen
            seen.add(period)
            assert dhis2.month_of(period) == (year, month)


@pytest.mark.parametrize("period", ["", "2026", "202613", "202600", "2026-04", "۲۰۲۶۰۴", "abcdef", None, 202604, "999912",
                                    "000101"])
def test_what_is_no_monthly_period_reads_as_none(period):
    assert dhis2.month_of(period) is None


# --- export ------------------------------------------------------------------------------------


def test_a_month_exports_its_counted_figures_with_the_mapping(data):
    body = ApiClient(token_for(data.staff)).get(URL, year=1405, month=1).json()
    values = sorted((v["orgUnit"], v["dataElement"], v.get("categoryOptionCombo"), v["period"], v["value"])
                    for v in body["dataValues"])
    assert values == [
        ("CA", "PAYESH_PERSON_COURSES", "PUBLIC_FIXED_URBAN", "202604", "999"),
        ("CA", "PAYESH_PERSON_HOURS", "PUBLIC_FIXED_URBAN", "202604", "120"),
        ("CA", "PAYESH_PERSON_HOURS", "PUBLIC_RURAL_NOMADIC", "202604", "30"),
        ("CB", "PAYESH_PERSON_HOURS", "PUBLIC_FIXED_URBAN", "202604", "500"),
    ]


def test_drafts_and_returned_months_never_leave_and_a_head_exports_only_its_own_center(data):
    staff = ApiClient(token_for(data.staff)).get(URL, year=1405).json()["dataValues"]
    months = {(v["orgUnit"], v["period"]) for v in staff}
    assert ("CA", "202606") not in months and ("CB", "202605") not in months  # A's draft 3, B's returned 2
    head = ApiClient(token_for(data.head_b)).get(URL, year=1405).json()["dataValues"]
    assert {v["orgUnit"] for v in head} == {"CB"}


def test_a_selection_and_the_jalali_calendar(data):
    api = ApiClient(token_for(data.planner))
    body = api.get(URL, year=1405, center="CA", measure="person_hours", area="rural_nomadic", calendar="jalali").json()
    assert sorted((v["period"], v["value"]) for v in body["dataValues"]) == [("140501", "30"), ("140502", "80")]
    assert api.get(URL, calendar="julian").status_code == 400
    assert api.get(URL, measure="nope").status_code == 400


def test_figures_without_a_mapping_are_left_out_and_counted(data):
    DataElementMapping.objects.filter(measure__code="person_courses").delete()
    response = ApiClient(token_for(data.staff)).get(URL, year=1405, month=1)
    assert response["Payesh-Unmapped-Values"] == "1" and len(response.json()["dataValues"]) == 3


# --- import ------------------------------------------------------------------------------------


def value(org="CA", element="PAYESH_PERSON_HOURS", combo="PUBLIC_FIXED_URBAN", period="202607", amount="100"):
    return {"dataElement": element, "categoryOptionCombo": combo, "orgUnit": org, "period": period, "value": amount}


def test_an_import_writes_through_the_entry_service_and_submits(data):
    api = ApiClient(token_for(data.planner))
    body = {"dataValues": [value(), value(combo="PUBLIC_RURAL_NOMADIC", amount="40"),
                           value(element="PAYESH_PERSON_COURSES", amount="3")]}
    response = api.post(URL, body)
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "SUCCESS", "months": 1, "importCount": {"imported": 3, "updated": 0, "ignored": 0}}
    report = MonthlyReport.objects.get(center__code="CA", year=1405, month=4)
    assert report.status == "submitted" and report.submitted_by == data.planner
    assert report.figures.get(area__code="fixed_urban", measure__code="person_hours").history.first().history_user == data.planner


def test_one_bad_value_and_nothing_is_written(data):
    api = ApiClient(token_for(data.planner), language="en")
    before = Figure.objects.count()
    body = {"dataValues": [value(), value(org="NOWHERE"), value(period="202613"), value(combo="PUBLIC_RURAL_NOMADIC", amount="-4"),
                           value(combo="NO_COMBO"), value(), "x", value(org="CB", period="202608")]}
    response = api.post(URL, body, query="?submit=false")
    assert response.status_code == 400
    fields = error_of(response)["fields"]
    assert set(fields) == {"dataValues[1]", "dataValues[2]", "dataValues[3]", "dataValues[4]", "dataValues[5]",
                           "dataValues[6]"}
    assert "negative" in fields["dataValues[3]"][0] and "twice" in fields["dataValues[5]"][0]
    assert Figure.objects.count() == before and not MonthlyReport.objects.filter(month=4).exists()


def test_a_submission_needs_every_row_of_the_month(data):
    response = ApiClient(token_for(data.planner), language="en").post(URL, {"dataValues": [value()]})
    assert response.status_code == 400 and "every row" in str(error_of(response)["fields"])
    assert ApiClient(token_for(data.planner)).post(URL, {"dataValues": [value()]}, query="?submit=false").status_code == 200
    assert MonthlyReport.objects.get(center__code="CA", month=4).status == "draft"


def test_a_locked_month_and_another_centers_values_are_refused(data):
    head = ApiClient(token_for(data.head_a), language="en")
    response = head.post(URL, {"dataValues": [value(period="202605"), value(org="CB", period="202607")]})
    assert response.status_code == 400
    fields = error_of(response)["fields"]
    assert "approved" in fields["dataValues[0]"][0]  # CA's month 2 is approved
    assert "CB" in fields["dataValues[1]"][0]


@pytest.mark.parametrize("body", [{}, [], {"dataValues": "x"}, {"dataValues": [None]}, {"dataValues": [{"value": {}}]},
                                  "text", {"dataValues": [value(amount=True)]}, {"dataValues": [value(amount=1e300)]}])
def test_a_file_that_is_no_data_value_set_is_a_400(data, body):
    response = ApiClient(token_for(data.planner)).post(URL, body)
    assert response.status_code == 400 and error_of(response)["code"] == "invalid"


def test_staff_may_not_import(data):
    assert ApiClient(token_for(data.staff)).post(URL, {"dataValues": [value()]}).status_code == 403


# --- the round trip -------------------------------------------------------------------------------


def board_numbers(month, measure="person_hours"):
    selection = Selection(year=1405, month=month, measure=Measure.objects.get(code=measure))
    board = boards.board(selection)
    return ({r.center.code: (r.line.target, r.line.expected, r.line.actual, r.line.pace, r.line.rank) for r in board.rows},
            (board.total.target, board.total.actual), [(ln.key.code, ln.actual) for ln in board.by_area])


def test_round_trip_export_import_into_a_database_without_reports_and_the_dashboards_agree(data):
    planner = ApiClient(token_for(data.planner))
    # every counted month complete, as a submission needs: A's month 2 gets its person-courses
    MonthlyReport.objects.filter(status__in=["draft", "returned"]).delete()
    a2 = MonthlyReport.objects.get(center__code="CA", month=2)
    Figure.objects.create(report=a2, sector=Sector.objects.get(code="public"), area=TrainingArea.objects.get(code="fixed_urban"),
                          measure=Measure.objects.get(code="person_courses"), value=4)
    # 999 person-courses in a month phased at 5, 30 and 80 rural person-hours in months phased at 0: the
    # entry page takes such figures only with a comment (the factories wrote them without one)
    Figure.objects.filter(value__in=[999, 30, 80]).update(comment="دوره‌های کوتاه تابستانی")
    before = {m: board_numbers(m) for m in (1, 2, 3)}
    courses_before = board_numbers(3, "person_courses")
    exported = [planner.get(URL, year=1405, month=m).json() for m in (1, 2, 3)]
    assert sum(len(e["dataValues"]) for e in exported) == 8

    MonthlyReport.objects.all().delete()  # the same centers, commitments and mapping; no reports
    assert board_numbers(3)[1] == (4200, 0)
    for file in exported:
        response = planner.post(URL, file)  # each month submitted again, through the entry service
        assert response.status_code == 200, response.json()

    assert set(MonthlyReport.objects.values_list("status", flat=True)) == {"submitted"}
    assert {m: board_numbers(m) for m in (1, 2, 3)} == before
    assert board_numbers(3, "person_courses") == courses_before
    assert Figure.objects.get(value=999).comment == "دوره‌های کوتاه تابستانی"  # comments travel too


# --- the exchange page ---------------------------------------------------------------------------


def page_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def upload(client, payload, **extra):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return client.post("/api/dhis2/", {"file": SimpleUploadedFile("values.json", body, "application/json"),
                                       "calendar": "gregorian", **extra})


def test_the_page_downloads_a_file_and_imports_one(data):
    planner = page_client(data.planner)
    page = planner.get("/api/dhis2/")
    assert page.status_code == 200 and 'id="import-form"' in page.content.decode()
    download = planner.get(URL, {"year": 1405, "month": 1, "calendar": "gregorian", "download": "1"})
    assert download["Content-Disposition"] == 'attachment; filename="payesh-dhis2-1405-01.json"'
    response = upload(planner, {"dataValues": [value()]})  # submit unticked: a draft may be partial
    assert response.status_code == 302
    assert MonthlyReport.objects.get(center__code="CA", month=4).status == "draft"


def test_the_page_lists_every_problem_and_writes_nothing(data):
    planner = page_client(data.planner)
    response = upload(planner, {"dataValues": [value(), value(org="NOWHERE"), value(amount="-1")]}, submit="on")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="problems"' in html and "NOWHERE" in html
    assert not MonthlyReport.objects.filter(month=4).exists()
    for bad in (b"not json", b"\xff\xfe", b"[" * 100000):
        response = upload(planner, bad)
        assert response.status_code == 200 and "JSON" in response.content.decode()


def test_staff_see_the_page_without_the_upload_and_may_not_post(data):
    staff = page_client(data.staff)
    assert 'id="import-form"' not in staff.get("/api/dhis2/").content.decode()
    assert upload(staff, {"dataValues": [value()]}).status_code == 403


def test_a_too_large_upload_on_the_page_gets_the_page_not_json(data):
    response = page_client(data.planner).post("/api/dhis2/", {"calendar": "gregorian"}, CONTENT_LENGTH=str(200 * 1024 * 1024),
                                               HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert response.status_code == 413 and response["Content-Type"].startswith("text/html")
