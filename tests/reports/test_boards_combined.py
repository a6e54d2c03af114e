"""The national board put together from the provinces' boards (boards.combined, which the
dashboards' cache uses after a save in one province) shows the same numbers as the country's board
computed at once: every center's line and rank, the total month by month, the sectors, the areas,
the provinces ranked, and the reporting counts."""

from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Measure, Sector
from reports.progress import boards, statements
from reports.progress.selection import Selection
from tests.country import YEAR, ranked_country


def numbers(line, months=True):
    return (line.target, line.expected, line.actual, line.outside, line.pace, line.status, line.rank,
            line.monthly if months else None, line.undue, line.phased)


def seen(board):
    """What the national page shows of a board. A province's board has its centers month by month
    (computed alone or with other provinces': the heat maps show them), the country's computed at
    once to date only (its heat map fills the few it shows: statements.fill_months): the centers'
    months are compared in test_a_provinces_board_has_its_centers_months_as_its_heat_map_reads_them
    and test_several_provinces_boards_computed_together_are_each_provinces_own."""
    return {
        "rows": [(r.center.pk, r.report_status, r.reporting, r.owes_report, numbers(r.line, months=False))
                 for r in board.rows],
        "total": numbers(board.total),
        "sectors": [(ln.key.pk, numbers(ln)) for ln in board.by_sector],
        "areas": [(ln.key.pk, numbers(ln)) for ln in board.by_area],
        "provinces": [(p.province.pk, p.centers, p.behind, p.owing, p.reported, p.on_time, numbers(p.line, months=False))
                      for p in board.by_province],
        "reporting": (board.owing, board.reported, board.on_time),
    }


@pytest.fixture
def world(reference):
    return ranked_country()


@pytest.mark.parametrize("breakdown", [True, False])
@pytest.mark.parametrize("narrowing", ["none", "sector", "approved"])
def test_the_national_board_from_the_provinces_boards_shows_the_countrys_numbers(world, breakdown, narrowing):
    selection = Selection(year=YEAR, month=3, measure=Measure.objects.get(code="person_hours"))
    if narrowing == "sector":
        selection = replace(selection, sector=Sector.objects.get(code="public"))
    if narrowing == "approved":
        selection = replace(selection, approved_only=True)
    alpha, beta, gamma = (p.province for p in world.provinces)
    country = boards.board(selection, breakdown=breakdown)
    assert country.rows and country.total.actual > 0

    one_by_one = [boards.board(replace(selection, province=p), breakdown=breakdown) for p in (alpha, beta, gamma)]
    # one province's board with the other two provinces' together, as after saves in both
    grouped = [boards.board(replace(selection, province=alpha), breakdown=breakdown),
               boards.board(replace(selection, provinces=(beta.pk, gamma.pk)), breakdown=breakdown)]
    for parts in (one_by_one, grouped):
        assert seen(boards.combined(selection, parts)) == seen(country)


@pytest.mark.parametrize("narrowing", ["none", "sector", "approved"])
def test_a_provinces_board_has_its_centers_months_as_its_heat_map_reads_them(world, narrowing):
    """The province page's board reads its centers month by month in its own statements, so its
    heat map asks for no months afterwards; they are the months fill_months reads."""
    selection = Selection(year=YEAR, month=3, measure=Measure.objects.get(code="person_hours"),
                          province=world.provinces[0].province)
    if narrowing == "sector":
        selection = replace(selection, sector=Sector.objects.get(code="public"))
    if narrowing == "approved":
        selection = replace(selection, approved_only=True)
    board = boards.board(selection)
    to_date = boards.board(selection, breakdown=False)
    assert any(r.line.actual for r in board.rows) and all(r.line.monthly is not None for r in board.rows)
    with CaptureQueriesContext(connection) as queries:
        statements.fill_months(selection, [r.line for r in board.rows])
    assert not queries.captured_queries
    statements.fill_months(selection, [r.line for r in to_date.rows])
    assert [(r.center.pk, numbers(r.line), r.line.outside_monthly) for r in board.rows] == [
        (r.center.pk, numbers(r.line), r.line.outside_monthly) for r in to_date.rows]


def focus_seen(found):
    return {
        "boards": [(area.pk, seen(board)) for area, board in found.boards],
        "rows": [(center.pk, [numbers(ln) for ln in lines]) for center, lines in found.sectors.rows],
        "totals": [numbers(ln) for ln in found.sectors.totals],
    }


@pytest.mark.parametrize("narrowing", ["none", "sector"])
def test_the_national_focus_from_the_provinces_focuses_shows_the_countrys_numbers(world, narrowing):
    from commitments.models import TrainingArea
    from reports.progress import focus

    selection = Selection(year=YEAR, month=3, measure=Measure.objects.get(code="person_hours"))
    if narrowing == "sector":
        selection = replace(selection, sector=Sector.objects.get(code="public"))
    areas = list(TrainingArea.objects.order_by("pk"))
    alpha, beta, gamma = (p.province for p in world.provinces)
    country = focus.focus(selection, areas)
    assert any(board.rows for _area, board in country.boards) and country.sectors.rows
    one_by_one = [focus.focus(replace(selection, province=p), areas) for p in (alpha, beta, gamma)]
    grouped = [focus.focus(replace(selection, province=gamma), areas),
               focus.focus(replace(selection, provinces=(alpha.pk, beta.pk)), areas)]
    for parts in (one_by_one, grouped):
        assert focus_seen(focus.combined(selection, areas, parts)) == focus_seen(country)


@pytest.mark.parametrize("narrowing", ["none", "sector", "approved"])
def test_several_provinces_boards_computed_together_are_each_provinces_own(world, narrowing):
    selection = Selection(year=YEAR, month=3, measure=Measure.objects.get(code="person_hours"))
    if narrowing == "sector":
        selection = replace(selection, sector=Sector.objects.get(code="public"))
    if narrowing == "approved":
        selection = replace(selection, approved_only=True)
    provinces = [p.province for p in world.provinces]
    with CaptureQueriesContext(connection) as queries:
        together = boards.province_boards(selection, [p.pk for p in provinces])
    # 3 statements whatever the number of provinces (and the reference lists, cached outside a test)
    assert len([q for q in queries.captured_queries if not q["sql"].startswith("SELECT 'p'")]) == 3
    for province in provinces:
        alone = boards.board(replace(selection, province=province))
        assert alone.rows and seen(together[province.pk]) == seen(alone)
        assert [(r.center.pk, r.line.monthly, r.line.outside_monthly) for r in together[province.pk].rows] == [
            (r.center.pk, r.line.monthly, r.line.outside_monthly) for r in alone.rows]
        assert together[province.pk].selection.province.pk == province.pk


def test_several_provinces_focuses_computed_together_are_each_provinces_own(world):
    from commitments.models import TrainingArea
    from reports.progress import focus

    selection = Selection(year=YEAR, month=3, measure=Measure.objects.get(code="person_hours"))
    areas = list(TrainingArea.objects.order_by("pk"))
    provinces = [p.province for p in world.provinces]
    together = focus.by_province(selection, areas, [p.pk for p in provinces])
    for province in provinces:
        alone = focus.focus(replace(selection, province=province), areas)
        assert alone.sectors.rows and focus_seen(together[province.pk]) == focus_seen(alone)
