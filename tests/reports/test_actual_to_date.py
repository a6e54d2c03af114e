"""Actual to date A(m) is added up in one place (reports.progress.statements.actual_to_date, from
counted_figures): the dashboards, the entry grid, the allocation by last year's actuals and the
review queue agree on the hand-computed numbers of tests/reports/test_progress.py."""

import pytest
from django.urls import reverse

from commitments.allocation import last_year_actuals
from commitments.models import Measure, Sector, TrainingArea
from reports.grid import load_grid
from reports.progress import boards
from reports.progress.statements import actual_to_date
from tests.reports.test_progress import build, selection
from tests.support import client_for


@pytest.fixture
def data(people, reference):
    build(people)
    return people


def keyed(pairs):
    ids = {"ph": Measure.objects.get(code="person_hours").pk, "pc": Measure.objects.get(code="person_courses").pk,
           "urban": TrainingArea.objects.get(code="fixed_urban").pk, "rural": TrainingArea.objects.get(code="rural_nomadic").pk}
    public = Sector.objects.get(code="public").pk
    return {(public, ids[area], ids[measure]): value for (area, measure), value in pairs.items()}


def test_actual_to_date_counts_submitted_and_approved_months_up_to_m(data):
    a = actual_to_date(1405, 3, ["sector_id", "area_id", "measure_id"], report__center=data.center_a)
    # m1 submitted + m2 approved; m3 is a draft
    assert a == keyed({("urban", "ph"): 210, ("rural", "ph"): 110, ("urban", "pc"): 999})
    b = actual_to_date(1405, 3, ["report__center_id"], measure__code="person_hours")
    assert b == {(data.center_a.pk,): 320, (data.center_b.pk,): 1050}  # B's returned m2 (900) does not count
    assert actual_to_date(1405, 1, ["report__center_id"], measure__code="person_hours") == {
        (data.center_a.pk,): 150, (data.center_b.pk,): 500}
    approved_only = actual_to_date(1405, 3, ["report__center_id"], statuses=("approved",),
                                            measure__code="person_hours")
    assert approved_only == {(data.center_a.pk,): 170, (data.center_b.pk,): 500}


def test_the_entry_grid_shows_the_engines_actual_to_date(data):
    grid = load_grid(data.center_a, 1405, 3)
    assert {row.key: row.actual_to_date for row in grid.rows} == keyed(
        {("urban", "ph"): 210, ("rural", "ph"): 110, ("urban", "pc"): 999})
    board = boards.board(selection())
    line = next(r.line for r in board.rows if r.center == data.center_a)
    assert sum(row.actual_to_date for row in grid.rows if row.commitment.measure.code == "person_hours") == line.actual


def test_allocation_by_last_year_counts_the_engines_actuals_of_the_whole_year(data):
    public, urban = Sector.objects.get(code="public"), TrainingArea.objects.get(code="fixed_urban")
    ph = Measure.objects.get(code="person_hours")
    actuals = last_year_actuals(data.center_a.province, 1406, public, urban, ph)
    assert actuals == {data.center_a.pk: 210, data.center_b.pk: 1050}  # no draft (A's m3), no returned (B's m2)


def test_the_review_queue_compares_counted_person_hours_with_the_month_before(data):
    rows = {(r["report"].center.code, r["report"].month): r
            for r in client_for(data.planner).get(reverse("entry:queue")).context["rows"]}
    assert set(rows) == {("CA", 1), ("CB", 3)}
    assert (rows["CA", 1]["total"], rows["CA", 1]["previous"]) == (150, None)  # no Esfand 1404
    # B's Ordibehesht was returned (900 person-hours): not counted, so nothing to compare with
    assert (rows["CB", 3]["total"], rows["CB", 3]["previous"], rows["CB", 3]["change"]) == (550, None, None)
