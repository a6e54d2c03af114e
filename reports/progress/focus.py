"""The focus page's numbers: a Board for each of a few training areas, and each center's progress
in each sector, all from the same statements (docs/design.md, "Progress: one engine")."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from commitments import reference
from payesh.i18n import local_name

from . import boards as boards_of
from . import statements
from .boards import Board, assemble
from .centers import CenterRef, active_centers, active_centers_by_province
from .line import Line
from .selection import Selection


@dataclass
class SideBySide:
    sectors: list  # Sector
    totals: list[Line]  # per sector, the province's
    rows: list[tuple[CenterRef, list[Line]]]  # a Line per sector


@dataclass
class Focus:
    boards: list[tuple[Any, Board]]  # (TrainingArea, Board) for each area asked for
    sectors: SideBySide  # each center in each sector (the sector filter is ignored)


def focus(selection: Selection, areas: Iterable[Any], now: datetime.datetime | None = None) -> Focus:
    """A Board for each of a few training areas (with the selection's sector filter) and each
    center's progress in each sector, all from the same three queries."""
    scope = replace(selection, sector=None, area=None)
    lines = statements.lines(scope, [("center", "sector", "area"), ("center", "sector")], now=now)
    return _focus(selection, list(areas), lines, active_centers(scope, reports=True), now)


def by_province(selection: Selection, areas: Iterable[Any], provinces: Iterable[int],
                now: datetime.datetime | None = None) -> dict[int, Focus]:
    """{province id: its focus} of these provinces, each as focus() of the selection in that
    province gives it, from the same three queries whatever their number."""
    wanted = tuple(sorted(set(provinces)))
    if not wanted:  # (an empty narrowing would read the whole country)
        return {}
    scope = replace(selection, sector=None, area=None, province=None, provinces=wanted)
    lines = statements.lines(scope, [("center", "sector", "area"), ("center", "sector")], now=now)
    centers = active_centers_by_province(scope, wanted)
    province_of = {center.pk: pk for pk, found in centers.items() for center, _owes, _report in found}
    # each province's lines apart (keyed by center first), so that each focus reads its own only
    own_lines: dict[int, dict] = {pk: {keys: {} for keys in lines} for pk in wanted}
    for keys, by_key in lines.items():
        for key, line in by_key.items():
            if key[0] in province_of:
                own_lines[province_of[key[0]]][keys][key] = line
    named = {p.pk: p for p in reference.lists().provinces}
    areas = list(areas)
    return {pk: _focus(replace(selection, province=named[pk], provinces=()), areas, own_lines[pk], centers[pk], now)
            for pk in wanted}


def _focus(selection: Selection, areas: list[Any], lines: dict, centers: list, now: datetime.datetime | None) -> Focus:
    """The focus of `centers` (active_centers' rows) from `lines` (which may hold other centers')."""
    own = {center.pk for center, _owes, _report in centers}
    boards = []
    for area in areas:
        in_area: dict[tuple, list[Line]] = {}
        for (center_id, sector_id, area_id), line in lines[("center", "sector", "area")].items():
            if area_id == area.pk and center_id in own and (selection.sector is None or sector_id == selection.sector.pk):
                in_area.setdefault((center_id,), []).append(line)
        by_center = {key: Line.total_of(found, selection.month, key=key) for key, found in in_area.items()}
        boards.append((area, assemble(replace(selection, area=area), by_center, now=now, centers=centers)))
    by_sector = lines[("center", "sector")]
    sectors = reference.lists().sectors
    rows = [(c, [by_sector.get((c.pk, s.pk)) or Line(month=selection.month) for s in sectors]) for c, _owes, _report in centers]
    totals = [Line.total_of((per_sector[i] for _center, per_sector in rows), selection.month, key=sector, label=local_name(sector))
              for i, sector in enumerate(sectors)]
    return Focus(boards=boards, sectors=SideBySide(sectors=sectors, totals=totals, rows=rows))


def combined(selection: Selection, areas: Iterable[Any], parts: Sequence[Focus],
             now: datetime.datetime | None = None) -> Focus:
    """The national focus of the selection and areas from focuses of the same that split the
    country between them (boards.combined for each area's board; the sectors side by side, in
    the centers' code order, with their totals added up); none: a country without provinces."""
    area_boards = [(area, boards_of.combined(replace(selection, area=area), [part.boards[i][1] for part in parts], now=now))
                   for i, area in enumerate(areas)]
    sectors = reference.lists().sectors
    rows = sorted((row for part in parts for row in part.sectors.rows), key=lambda row: row[0].code)
    totals = [Line.total_of((part.sectors.totals[i] for part in parts), selection.month, key=sector, label=local_name(sector))
              for i, sector in enumerate(sectors)]
    return Focus(boards=area_boards, sectors=SideBySide(sectors=sectors, totals=totals, rows=rows))
