"""The API's OpenAPI schema validates, the documentation is served from our own static files, and
a property-based run of Schemathesis against the schema, in-process against the WSGI app, finds
no server error: every operation, as a planner (who may write) and as a center head (who meets
404s), with generated parameters and bodies (a bounded number of examples per operation, fixed
seeds: the same examples every run)."""

import re
import zlib

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from config.wsgi import application
from reports.models import MonthlyReport
from tests.api_helpers import ApiClient, token_for
from tests.reports.test_progress import build

EXAMPLES_PER_OPERATION = 15
EXAMPLES_PER_WRITE = 50  # writes: most generated bodies stop at a check; more examples reach the save
# Path parameters that reach real data (center A's months 1-3 are submitted, approved and a draft;
# month 4 has no report yet), used in about half the examples so that writes reach the entry service.
REAL = {"year": st.just(1405), "month": st.sampled_from([3, 4, 2, 1])}  # the open ones first


CODES = {"planner": ["CA", "CB"], "head_a": ["CA"]}  # the centers each role writes for
ROWS = [("public", "fixed_urban", "person_hours"), ("public", "rural_nomadic", "person_hours"),
        ("public", "fixed_urban", "person_courses")]


@st.composite
def cases(draw, operation, codes):
    case = draw(operation.as_strategy())
    # Hypothesis prefers False when it draws a boolean: the realistic choice is made on False
    if case.path_parameters and not draw(st.booleans()):
        real = {**REAL, "code": st.sampled_from(codes)}
        for name in list(case.path_parameters):
            if name in real:
                case.path_parameters[name] = draw(real[name])
        if case.method == "POST" and case.path.endswith("{month}/") and isinstance(case.body, dict) and not draw(st.booleans()):
            # the version the month has now and rows of its grid: the generated values reach the checks and the save
            p = case.path_parameters
            report = MonthlyReport.objects.filter(center__code=p["code"], year=p["year"], month=p["month"]).first()
            case.body["version"] = report.version if report else 0
            case.body["submit"] = draw(st.booleans())
            if isinstance(case.body.get("figures"), list) and not draw(st.booleans()):
                case.body["figures"] = case.body["figures"][:1]
            for figure in case.body.get("figures") or []:
                if isinstance(figure, dict):
                    figure.update(zip(("sector", "area", "measure"), draw(st.sampled_from(ROWS))))
                    if not draw(st.booleans()):  # a plausible figure (the generated text is mostly refused)
                        figure["value"] = str(draw(st.integers(min_value=0, max_value=50)))
    return case


def test_the_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/centers/{code}/reports/{year}/{month}/" in text and "personalToken" in text


def test_the_documentation_loads_nothing_from_outside(people):
    api = ApiClient(token_for(people.planner))
    page = api.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r"""(?:src|href)=["']([^"']+)""", html)
    assert sources and all(s.startswith(("/", "#")) for s in sources), sources  # this site's files, or a place on the page
    assert any("drf_spectacular_sidecar/swagger-ui-dist" in s for s in sources)
    assert "<script>" not in html  # the split view: no inline script, so the CSP holds


@pytest.fixture
def wsgi_keeps_the_connection():
    """Called through WSGI, Django closes the database connection at the end of each request as a
    server would; inside a test's transaction that closes the test's own connection (PostgreSQL).
    Django's test client stops that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def schema(people, reference, wsgi_keeps_the_connection):
    build(people)
    from api import dhis2
    dhis2.seed_mapping()
    people.tokens = {"planner": token_for(people.planner), "head_a": token_for(people.head_a)}
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application,
                                          headers={"Authorization": f"Bearer {people.tokens['planner']}"})


@pytest.mark.fuzz
def test_generated_requests_against_the_schema_find_no_server_error(schema, people):
    from django.test import override_settings

    tried, statuses = {}, {}
    with override_settings(PAYESH_API_RATE="1000000/min"):
        for result in schema.get_all_operations():
            operation = result.ok()
            for role, token in people.tokens.items():
                label = f"{operation.label} as {role}"
                run(operation, role, token, label, tried, statuses)
    assert len(tried) >= 2 * 20 and all(tried.values()), tried
    # the writes were not all refused at the door: some reached the entry service and saved
    assert statuses.get(("POST month", 200)), [item for item in sorted(statuses.items()) if item[0][0] == "POST month"]


def run(operation, role, token, label, tried, statuses):
    @seed(zlib.crc32(label.encode()))
    @settings(max_examples=EXAMPLES_PER_WRITE if operation.method.upper() != "GET" else EXAMPLES_PER_OPERATION,
              deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=cases(operation, CODES[role]))
    def check(case):
        with transaction.atomic():  # rolled back: each example starts from the same data
            response = case.call(headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})
            transaction.set_rollback(True)
        tried[label] = tried.get(label, 0) + 1
        kind = f"{case.method} month" if case.path.endswith("{month}/") else case.method
        statuses[(kind, response.status_code)] = statuses.get((kind, response.status_code), 0) + 1
        assert response.status_code < 500, f"{response.status_code} for {case.method} {case.formatted_path} {case.body!r}"
        if response.status_code < 300:  # what it answers is what the schema says
            case.validate_response(response, checks=[response_schema_conformance, status_code_conformance])
        else:
            assert response.headers.get("content-type", [""])[0].startswith("application/json"), (response.status_code, case.method, case.formatted_path, response.text[:200])
            body = response.json()
            assert set(body) == {"error"} and {"code", "message", "fields"} <= set(body["error"]), body

    check()
