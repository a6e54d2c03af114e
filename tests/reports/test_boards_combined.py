"""The national board put together from the provinces' boards (boards.combined, which the
dashboards' cache uses after a save in one province) shows the same numbers as the country's board
computed at once: every center's line and rank, the total month by month, the sectors, the areas,
the provinces ranked, and the reporting counts."""

from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Measure, Sector, TrainingArea
from dashboards.views import FOCUS_AREAS
from reports.models import Figure, MonthlyReport
from reports.progress import boards, statements
from reports.progress.selection import Selection
from tests import factories
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


def figure(center, month, sector, area, value, status="submitted"):
    """A counted figure of the center's month (on its report, made when it has none)."""
    report = MonthlyReport.objects.filter(center=center, year=YEAR, month=month).first() or factories.report(
        center, month=month, status=status)
    Figure.objects.create(report=report, sector=Sector.objects.get(code=sector), area=TrainingArea.objects.get(code=area),
                          measure=Measure.objects.get(code="person_hours"), value=value)


@pytest.fixture
def focus_world(world):
    """The ranked country with work in the focus page's areas: a center with commitments of two
    sectors in one area, one with a commitment and no figure, one with figures outside its
    commitments, and a figure in an area the focus page does not show."""
    alpha, beta, gamma = world.provinces
    factories.commitment(alpha.center_1, sector="public", area="rural_nomadic", target=600)
    factories.commitment(alpha.center_1, sector="private", area="rural_nomadic", target=1200)
    for month, value in ((1, 40), (2, 70)):
        figure(alpha.center_1, month, "public", "rural_nomadic", value)
        figure(alpha.center_1, month, "private", "rural_nomadic", value * 2)
    factories.commitment(beta.center_2, sector="private", area="workplace", target=2400)
    figure(beta.center_2, 1, "private", "workplace", 150)
    figure(beta.center_2, 2, "private", "workplace", 250)
    figure(gamma.center_1, 1, "public", "workplace", 90)  # no commitment there: outside the commitments
    factories.commitment(gamma.center_2, sector="research", area="rural_nomadic", target=360)
    figure(gamma.center_2, 2, "research", "industry", 30)
    return world


def areas_of(which):
    from commitments.models import TrainingArea

    if which == "the page's":
        return [TrainingArea.objects.get(code=code) for code in FOCUS_AREAS]
    return list(TrainingArea.objects.order_by("pk"))


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


def shown(line):
    """What the focus page shows of a center's line."""
    return (line.target, line.expected, line.actual, line.pace, line.status, line.has_commitment)


def focus_seen(found):
    return {
        "areas": [(found_area.area.pk, numbers(found_area.total),
                   [(center.pk, shown(line)) for center, line in found.area_rows(found_area)]) for found_area in found.areas],
        "rows": [(center.pk, [shown(ln) for ln in lines]) for center, lines in found.sector_rows()],
        "totals": [numbers(ln) for ln in found.sectors.totals],
    }


@pytest.mark.parametrize("which", ["every", "the page's"])
@pytest.mark.parametrize("narrowing", ["none", "sector", "approved"])
def test_the_national_focus_from_the_provinces_focuses_shows_the_countrys_numbers(focus_world, narrowing, which):
    from reports.progress import focus

    world = focus_world

    selection = Selection(year=YEAR, month=3, measure=Measure.objects.get(code="person_hours"))
    if narrowing == "sector":
        selection = replace(selection, sector=Sector.objects.get(code="public"))
    if narrowing == "approved":
        selection = replace(selection, approved_only=True)
    areas = areas_of(which)
    alpha, beta, gamma = (p.province for p in world.provinces)
    country = focus.focus(selection, areas)
    assert any(line.has_commitment for found_area in country.areas for _center, line in country.area_rows(found_area))
    assert country.sector_rows()
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


@pytest.mark.parametrize("which", ["every", "the page's"])
def test_several_provinces_focuses_computed_together_are_each_provinces_own(focus_world, which):
    from reports.progress import focus

    world = focus_world

    selection = Selection(year=YEAR, month=3, measure=Measure.objects.get(code="person_hours"))
    areas = areas_of(which)
    provinces = [p.province for p in world.provinces]
    together = focus.by_province(selection, areas, [p.pk for p in provinces])
    for province in provinces:
        alone = focus.focus(replace(selection, province=province), areas)
        assert alone.sector_rows() and focus_seen(together[province.pk]) == focus_seen(alone)


@pytest.mark.parametrize("which", ["every", "the page's"])
@pytest.mark.parametrize("scope", ["country", "province"])
@pytest.mark.parametrize("narrowing", ["none", "sector", "approved"])
def test_the_focus_shows_the_boards_own_numbers(focus_world, scope, narrowing, which):
    """Each area's centers and total as the board of that area gives them (with the sector
    filter), and each center's sectors as the board of that sector: the focus keeps of a line
    what its page shows, the same numbers."""
    from reports.progress import focus

    world = focus_world

    selection = Selection(year=YEAR, month=3, measure=Measure.objects.get(code="person_hours"))
    if scope == "province":
        selection = replace(selection, province=world.provinces[0].province)  # two sectors in one area
    if narrowing == "sector":
        selection = replace(selection, sector=Sector.objects.get(code="public"))
    if narrowing == "approved":
        selection = replace(selection, approved_only=True)
    areas = areas_of(which)
    found = focus.focus(selection, areas)
    assert [found_area.area for found_area in found.areas] == areas
    seen_rows = 0
    for found_area in found.areas:
        board = boards.board(replace(selection, area=found_area.area))
        rows = found.area_rows(found_area)
        assert [center.code for center, _line in rows] == sorted(r.center.code for r in board.rows)
        assert {center.pk: shown(line) for center, line in rows} == {r.center.pk: shown(r.line) for r in board.rows}
        assert numbers(found_area.total)[:6] == numbers(board.total)[:6]
        seen_rows += sum(1 for _center, line in rows if line.has_commitment)
        # furthest behind first, as the board ranks them (ties in code order), and those without a commitment
        behind_first = [r.center.pk for r in sorted((r for r in board.rows if r.line.pace is not None), key=lambda r: r.line.pace)]
        assert [center.pk for center, _line in found.area_rows(found_area, found_area.behind_first())] == behind_first
        assert [center.pk for center, _line in found.area_rows(found_area, found_area.without())] == [
            r.center.pk for r in board.rows if not r.line.has_commitment]
    assert seen_rows  # some center has a commitment in some area
    for i, sector in enumerate(found.sectors.sectors):
        board = boards.board(replace(selection, sector=sector))
        assert {center.pk: shown(lines[i]) for center, lines in found.sector_rows()} == {
            r.center.pk: shown(r.line) for r in board.rows}
        assert numbers(found.sectors.totals[i])[:6] == numbers(board.total)[:6]


def test_the_national_reporting_grid_from_the_provinces_grids_is_the_countrys(world):
    """Every center's row, in code order, with the same report and reporting status each month."""
    from reports.progress import reporting_grid

    def seen(rows):
        return [(row.center.pk, row.owes_report, row.cells) for row in rows]

    alpha, beta, gamma = (p.province.pk for p in world.provinces)
    country = reporting_grid.reporting_grid(YEAR, 3)
    assert country and any(status for row in country for status, _reporting in row.cells)
    by_province = reporting_grid.grids_by_province(YEAR, 3, [alpha, beta, gamma])
    assert seen(reporting_grid.combined(list(by_province.values()))) == seen(country)
    together = reporting_grid.grids_by_province(YEAR, 3, [beta, gamma])
    assert [seen(together[pk]) for pk in (beta, gamma)] == [
        seen(reporting_grid.reporting_grid(YEAR, 3, p)) for p in (world.provinces[1].province, world.provinces[2].province)]
    assert reporting_grid.grids_by_province(YEAR, 3, []) == {}
