"""DHIS2 as a DHIS2 server takes it: the id scheme in every file, the months that count as complete
data set registrations, and the push (dry run, then for real) to a small DHIS2 on a loopback port
(tests/dhis2_server.py) that reads identifiers by DHIS2's rules and answers its import summary."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from api import dhis2, dhis2_push
from api.models import Dhis2Push
from payesh import jalali
from reports.models import MonthlyReport
from tests.api_helpers import ApiClient, error_of, token_for
from tests.browser import screenshot
from tests.dhis2_server import FakeDhis2
from tests.reports.test_progress import build
from tests.support import client_for

TOKEN = "d2pat_test0123456789"
UNITS = {"OrgUnitCntA": "CA", "OrgUnitCntB": "CB"}
ELEMENTS = {"DataElPHour": "PAYESH_PERSON_HOURS", "DataElPCour": "PAYESH_PERSON_COURSES"}
COMBOS = {"CatComboPFU": "PUBLIC_FIXED_URBAN", "CatComboPRN": "PUBLIC_RURAL_NOMADIC"}


@pytest.fixture
def data(people, reference):
    build(people)
    dhis2.seed_mapping()
    return people


@pytest.fixture
def server(settings):
    with FakeDhis2(UNITS, ELEMENTS, COMBOS, token=TOKEN) as fake:
        settings.PAYESH_DHIS2_URL, settings.PAYESH_DHIS2_TOKEN = fake.url, TOKEN
        yield fake


# --- the id scheme ---------------------------------------------------------------------------------


def test_the_export_says_its_objects_are_named_by_code_and_dhis2_reads_them_so(data, server):
    body = ApiClient(token_for(data.planner)).get("/api/dhis2/dataValueSets/", year=1405, month=1).json()
    assert {body[name] for name in dhis2.SCHEMES} == {"CODE"} and body["dataSet"] == "PAYESH"
    assert server.data_values(body, {}, dry=True) == ({"imported": 4, "updated": 0, "ignored": 0}, [])
    # the same values without the scheme: DHIS2 reads UIDs, and not one of the codes is one
    bare = {"dataValues": body["dataValues"]}
    counts, conflicts = server.data_values(bare, {}, dry=True)
    assert counts["imported"] == 0 and len(conflicts) == 4


def test_an_import_takes_a_file_named_by_code_and_refuses_one_named_by_uid(data):
    api = ApiClient(token_for(data.planner), language="en")
    item = {"dataElement": "PAYESH_PERSON_HOURS", "categoryOptionCombo": "PUBLIC_FIXED_URBAN", "orgUnit": "CA",
            "period": "202607", "value": "100"}
    refused = api.post("/api/dhis2/dataValueSets/", {"idScheme": "UID", "dataValues": [item]}, query="?submit=false")
    assert refused.status_code == 400 and "idScheme=CODE" in error_of(refused)["fields"]["dataValues"][0]
    refused = api.post("/api/dhis2/dataValueSets/", {"dataValues": [item]}, query="?submit=false&orgUnitIdScheme=uid")
    assert refused.status_code == 400 and "orgUnitIdScheme" in error_of(refused)["fields"]["dataValues"][0]
    taken = api.post("/api/dhis2/dataValueSets/", {"dataSet": "PAYESH", "idScheme": "code", "dataValues": [item]},
                     query="?submit=false&dataElementIdScheme=CODE")
    assert taken.status_code == 200 and taken.json()["importCount"]["imported"] == 1


# --- complete data set registrations ---------------------------------------------------------------


def test_the_months_that_count_are_registered_complete_on_the_day_they_were_submitted(data):
    MonthlyReport.objects.filter(center__code="CA", month=1).update(
        submitted_at=datetime.datetime(2026, 5, 3, 23, 30, tzinfo=jalali.TEHRAN))
    body = ApiClient(token_for(data.staff)).get("/api/dhis2/completeDataSetRegistrations/", year=1405).json()
    found = [(r["organisationUnit"], r["period"], r["date"]) for r in body["completeDataSetRegistrations"]]
    assert [(unit, period) for unit, period, _day in found] == [
        ("CA", "202604"), ("CA", "202605"), ("CB", "202604"), ("CB", "202606")]  # not A's draft 3, not B's returned 2
    assert ("CA", "202604", "2026-05-03") in found and ("CB", "202606", "2026-06-20") in found
    assert all(r["dataSet"] == "PAYESH" and r["completed"] is True for r in body["completeDataSetRegistrations"])
    head = ApiClient(token_for(data.head_b)).get("/api/dhis2/completeDataSetRegistrations/", year=1405).json()
    assert {r["organisationUnit"] for r in head["completeDataSetRegistrations"]} == {"CB"}


# --- the push ------------------------------------------------------------------------------------


def test_a_dry_run_counts_and_stores_nothing_then_the_push_stores_and_a_second_one_updates(data, server):
    dry = dhis2_push.push(data.planner, 1405, 1, dry_run=True)
    assert (dry.status, dry.values, dry.imported, dry.updated, dry.registrations) == ("SUCCESS", 4, 4, 0, 2)
    assert server.values == {} and server.complete == set()
    path, query, payload = server.requests[0]
    assert path == "/api/dataValueSets" and query["dryRun"] == "true" and query["idScheme"] == "CODE"
    sent = dhis2_push.push(data.planner, 1405, 1, dry_run=False)
    assert (sent.status, sent.imported, sent.dry_run) == ("SUCCESS", 4, False)
    assert server.values[("DataElPHour", "OrgUnitCntB", "CatComboPFU", "202604")] == "500"
    assert server.complete == {("PyshDataSet", "OrgUnitCntA", "202604"), ("PyshDataSet", "OrgUnitCntB", "202604")}
    again = dhis2_push.push(data.planner, 1405, 1, dry_run=False)
    assert (again.imported, again.updated) == (0, 4)
    assert Dhis2Push.objects.count() == 3


@pytest.mark.parametrize("legacy", [False, True], ids=["webmessage-2.36+", "importsummary-2.3x"])
def test_conflicts_are_counted_and_kept_as_dhis2_gives_them(data, settings, legacy):
    units = {"OrgUnitCntA": "CA"}  # DHIS2 does not know center B's organisation unit
    with FakeDhis2(units, ELEMENTS, COMBOS, token=TOKEN, legacy=legacy) as fake:
        settings.PAYESH_DHIS2_URL, settings.PAYESH_DHIS2_TOKEN = fake.url, TOKEN
        log = dhis2_push.push(data.planner, 1405, None, dry_run=True)
    assert log.status == "WARNING"
    assert (log.values, log.imported, log.ignored) == (7, 5, 2)  # B's approved month 1 and submitted month 3
    assert {"object": "CB", "value": "orgUnit not found or not accessible"} in log.conflicts
    assert sum(c["value"] == "Registration not valid" for c in log.conflicts) == 2  # B's two counted months
    assert log.registrations == 2  # A's submitted month 1 and approved month 2


def test_a_refused_token_an_absent_server_and_no_configuration_are_logged_failures(data, server, settings):
    settings.PAYESH_DHIS2_TOKEN = "d2pat_wrong"
    log = dhis2_push.push(data.planner, 1405, 1)
    assert log.status == "FAILED" and "PAYESH_DHIS2_TOKEN" in log.error and server.requests == []
    settings.PAYESH_DHIS2_URL, settings.PAYESH_DHIS2_TOKEN = "http://127.0.0.1:9", TOKEN  # discard: nothing listens
    assert dhis2_push.push(data.planner, 1405, 1).status == "FAILED"
    settings.PAYESH_DHIS2_URL = ""
    assert "PAYESH_DHIS2_URL" in dhis2_push.push(data.planner, 1405, 1).error


@pytest.mark.parametrize("body", [[], {"status": "OK"}, {"response": {"importCount": "x", "status": "OK"}}])
def test_an_answer_that_is_no_import_summary_is_a_failure(body):
    with pytest.raises(dhis2_push.PushFailed):
        dhis2_push.read_summary(body)


# --- the page and the command ------------------------------------------------------------------------


def test_the_page_shows_the_dry_run_then_sends_for_real(data, server):
    planner = client_for(data.planner, "en")
    assert 'id="push-form"' in planner.get("/api/dhis2/").content.decode()
    checked = planner.post("/api/dhis2/push/", {"year": "1405", "month": "1"})
    html = checked.content.decode()
    assert checked.status_code == 200 and 'id="dry-run"' in html and 'name="send"' in html and server.values == {}
    sent = planner.post("/api/dhis2/push/", {"year": "1405", "month": "1", "send": "1"}, follow=True)
    assert "4 values imported" in sent.content.decode() and len(server.values) == 4
    assert 'id="pushes"' in sent.content.decode()


def test_only_a_planner_pushes(data, server):
    for user in (data.staff, data.head_a, data.director):
        client = client_for(user, "en")
        assert 'id="push-form"' not in client.get("/api/dhis2/").content.decode()
        assert client.post("/api/dhis2/push/", {"year": "1405", "month": "1", "send": "1"}).status_code == 403
    assert server.requests == [] and not Dhis2Push.objects.exists()


def test_the_page_refuses_a_bad_year_and_shows_a_failure(data, server, settings):
    planner = client_for(data.planner, "en")
    bad = planner.post("/api/dhis2/push/", {"year": "abc"}, follow=True)
    assert bad.status_code == 200 and "Choose a year" in bad.content.decode()
    settings.PAYESH_DHIS2_TOKEN = "d2pat_wrong"
    failed = planner.post("/api/dhis2/push/", {"year": "1405"}, follow=True)
    assert "refused the token" in failed.content.decode()


def test_the_command_sends_a_month_and_prints_what_dhis2_said(data, server):
    out = io.StringIO()
    call_command("dhis2_push", year=1405, month=1, dry_run=True, stdout=out)
    assert "dry run: SUCCESS; 4 values, 4 imported" in out.getvalue() and server.values == {}
    call_command("dhis2_push", year=1405, month=1, stdout=out)
    assert len(server.values) == 4
    with pytest.raises(CommandError):
        call_command("dhis2_push", year=1405, month=13)


# --- what an import does to a month's status ------------------------------------------------------


def test_re_importing_an_approved_months_own_figures_keeps_it_approved_and_its_times(data):
    exported = ApiClient(token_for(data.planner)).get("/api/dhis2/dataValueSets/", year=1405, month=2).json()
    before = MonthlyReport.objects.get(center__code="CA", month=2)
    response = ApiClient(token_for(data.planner)).post("/api/dhis2/dataValueSets/", exported)
    assert response.status_code == 200 and response.json()["months"] == 0
    after = MonthlyReport.objects.get(center__code="CA", month=2)
    assert (after.status, after.approved_at, after.submitted_at, after.version) == (
        "approved", before.approved_at, before.submitted_at, before.version)


# --- in a browser ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_planner_dry_runs_then_sends_on_a_phone(browser, live_server, artifacts, people, reference, settings, language):
    import os

    from tests.browser import sign_in
    from tests.in_browser.test_browser_pages import AXE, AXE_RUN, HELD

    build(people)
    dhis2.seed_mapping()
    with FakeDhis2({"OrgUnitCntA": "CA"}, ELEMENTS, COMBOS, token=TOKEN) as fake:  # B unknown: conflicts
        settings.PAYESH_DHIS2_URL, settings.PAYESH_DHIS2_TOKEN = fake.url, TOKEN
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        sign_in(page, live_server, "planner", next_path="/")
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/api/dhis2/")
        page.select_option("#id_push_month", "1")
        page.click("#push-form button[type=submit]")
        page.wait_for_selector("#dry-run")
        assert page.locator("#conflicts tbody tr").count() == 2  # B's value and B's registration
        assert fake.values == {}
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert page.evaluate(AXE_RUN, HELD) == []
        screenshot(page, path=os.path.join(artifacts, f"dhis2-dry-run-{language}-390.png"), full_page=True)
        page.click("#dry-run button[name=send]")
        page.wait_for_selector("#pushes")
        assert len(fake.values) == 3 and page.locator("#pushes tbody tr").count() == 2
        assert page.evaluate(AXE_RUN, HELD) == []
        screenshot(page, path=os.path.join(artifacts, f"dhis2-sent-{language}-390.png"), full_page=True)
        context.close()


# --- an import that says which months are complete ----------------------------------------------


def month_values(period, org="CA"):
    return [{"dataElement": element, "categoryOptionCombo": combo, "orgUnit": org, "period": period, "value": amount}
            for element, combo, amount in (("PAYESH_PERSON_HOURS", "PUBLIC_FIXED_URBAN", "100"),
                                           ("PAYESH_PERSON_HOURS", "PUBLIC_RURAL_NOMADIC", "40"),
                                           ("PAYESH_PERSON_COURSES", "PUBLIC_FIXED_URBAN", "3"))]


def test_a_month_registered_complete_is_submitted_on_its_date_and_one_not_registered_is_a_draft(data):
    body = {"dataValues": month_values("202607") + month_values("202608"),
            "completeDataSetRegistrations": [{"dataSet": "PAYESH", "period": "202607", "organisationUnit": "CA",
                                              "completed": True, "date": "2026-07-28"}]}
    response = ApiClient(token_for(data.planner)).post("/api/dhis2/dataValueSets/", body)  # submit (default) gives way
    assert response.status_code == 200, response.content
    tir = MonthlyReport.objects.get(center__code="CA", month=4)
    assert tir.status == "submitted" and timezone.localtime(tir.submitted_at).date() == datetime.date(2026, 7, 28)
    assert MonthlyReport.objects.get(center__code="CA", month=5).status == "draft"


def test_dhis2s_complete_date_of_a_one_month_file_submits_it_then(data):
    body = {"dataSet": "PAYESH", "period": "202607", "orgUnit": "CA", "completeDate": "2026-08-02T09:15:00.000",
            "dataValues": month_values("202607")}
    assert ApiClient(token_for(data.planner)).post("/api/dhis2/dataValueSets/", body).status_code == 200
    tir = MonthlyReport.objects.get(center__code="CA", month=4)
    assert tir.status == "submitted" and timezone.localtime(tir.submitted_at).date() == datetime.date(2026, 8, 2)


@pytest.mark.parametrize("registration", [{"period": "202607", "organisationUnit": "NOWHERE"},
                                          {"period": "2026-07", "organisationUnit": "CA"},
                                          {"period": "202607", "organisationUnit": "CA", "date": "2999-01-01"},
                                          {"period": "202607", "organisationUnit": "CA", "date": "yesterday"}, "x"])
def test_a_registration_that_names_no_month_of_a_mapped_center_is_refused_and_nothing_is_written(data, registration):
    body = {"dataValues": month_values("202607"), "completeDataSetRegistrations": [registration]}
    response = ApiClient(token_for(data.planner), language="en").post("/api/dhis2/dataValueSets/", body)
    assert response.status_code == 400
    assert "completeDataSetRegistrations[0]" in error_of(response)["fields"]["dataValues"][0]
    assert not MonthlyReport.objects.filter(month=4).exists()
