"""The progress endpoint gives the province page's numbers: the same engine (reports.progress),
the same selectors (dashboards.forms), the same cache. Checked against what the page itself
exports (its CSV is exactly its table) and against the numbers computed by hand in
tests/reports/test_progress.py."""

import csv
import io

import pytest
from django.test import Client

from tests.api_helpers import ApiClient, token_for
from tests.reports.test_progress import build


@pytest.fixture
def data(people, reference):
    build(people)
    return people


def page_rows(user, query):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.get("/dashboard/export.csv?" + query)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:]]


def ratio(text):
    """The page's CSV writes a ratio as the page shows it, a percentage (its column says "(%)")."""
    text = text.strip().removesuffix("%")
    return float(text) / 100 if text else None


@pytest.mark.parametrize("query", ["year=1405&month=3", "year=1405&month=2&approved=on", "year=1405&month=3&area=rural_nomadic",
                                   "year=1405&month=1&measure=person_courses"])
def test_the_board_endpoint_equals_the_province_pages_numbers(data, query):
    page = page_rows(data.director, query)
    api = ApiClient(token_for(data.director), language="en").get("/api/board/?" + query).json()
    by_name = {r["name_en"]: r for r in api["rows"]}
    total = page[-1]
    assert len(page) - 1 == len(api["rows"]) == 2
    for row in page[:-1]:
        numbers = by_name[row["Center"]]["numbers"]
        assert (numbers["target"], numbers["expected"], numbers["actual"]) == (
            int(row["Annual target"]), int(row["Expected to date"]), int(row["Actual to date"]))
        for column, key in (("Achievement (%)", "achievement"), ("Pace (%)", "pace")):
            shown = ratio(row[column])
            assert (shown is None) == (numbers[key] is None)
            if shown is not None:  # the page's percentage, and the exact ratio behind it
                assert numbers[f"{key}_percent"] == pytest.approx(shown * 100, abs=1e-9)
                assert abs(numbers[key] - shown) < 0.01
        assert str(numbers["rank"] or "") == row["Rank"]
    assert (api["total"]["target"], api["total"]["actual"]) == (int(total["Annual target"]), int(total["Actual to date"]))


def test_the_board_holds_the_hand_computed_numbers(data):
    api = ApiClient(token_for(data.head_a)).get("/api/board/", year=1405, month=3).json()
    rows = {r["center"]: r["numbers"] for r in api["rows"]}
    assert (rows["CA"]["target"], rows["CA"]["expected"], rows["CA"]["actual"]) == (1800, 400, 320)
    assert rows["CA"]["pace"] == pytest.approx(0.8) and rows["CA"]["status"] == "behind" and rows["CA"]["rank"] == 2
    assert rows["CB"]["projection"] == pytest.approx(2800) and rows["CB"]["rank"] == 1
    assert (api["total"]["target"], api["total"]["expected"], api["total"]["actual"]) == (4200, 1300, 1370)
    assert api["selection"] == {"year": 1405, "month": 3, "measure": "person_hours", "sector": None, "area": None,
                                "province": "east-azarbaijan", "approved_only": False}
    assert {s["code"] for s in api["by_sector"]} == {"public"}
    assert api["owing"] == 2


def test_the_reporting_endpoint_has_each_centers_months_by_the_deadline_rule(data):
    api = ApiClient(token_for(data.staff)).get("/api/reporting/", year=1405, month=3).json()
    rows = {r["center"]: [(m["report_status"], m["reporting"]) for m in r["months"]] for r in api["rows"]}
    assert rows["CA"][0][0] == "submitted" and rows["CA"][2] == ("draft", "missing")
    assert rows["CB"][1] == ("returned", "returned")


def test_the_board_costs_a_fixed_number_of_queries(data, django_assert_max_num_queries):
    api = ApiClient(token_for(data.director))
    api.get("/api/board/", year=1405, month=3)  # the token's first use writes last_used_at
    with django_assert_max_num_queries(12):
        assert api.get("/api/board/", year=1405, month=2).status_code == 200


def test_the_center_board_equals_the_center_pages_numbers(data):
    from django.test import Client

    api = ApiClient(token_for(data.head_b)).get("/api/centers/CA/board/", year=1405, month=3).json()
    assert (api["numbers"]["target"], api["numbers"]["expected"], api["numbers"]["actual"]) == (1800, 400, 320)
    assert (api["numbers"]["rank"], api["ranked_of"]) == (2, 2)
    assert api["monthly_actual"][:3] == [150, 170, 0]  # month 3 is a draft: not counted
    assert {a["code"]: a["actual"] for a in api["by_area"]} == {"fixed_urban": 210, "rural_nomadic": 110}
    client = Client()
    client.force_login(data.head_b)
    page = client.get("/dashboard/center/CA/", {"year": 1405, "month": 3})
    line = page.context["line"]  # what the center page shows
    assert (line.target, line.expected, line.actual, line.rank) == (1800, 400, 320, 2)
    assert ApiClient(token_for(data.head_b)).get("/api/centers/NOPE/board/").status_code == 404
