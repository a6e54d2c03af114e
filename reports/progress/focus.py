"""The focus page's numbers: for each of a few training areas its total and each center's line in
it, and each center's line in each sector, all from the same statements (docs/design.md,
"Progress: one engine").

A center's line is kept as the focus page shows it (Shown: its settled numbers, not its twelve
months): the national focus holds the country's centers three to five times over and is cached,
and put together from the provinces' focuses cached each at its province's version, so what is
pickled and unpickled after a save in one province is mostly these."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from commitments import reference
from payesh.i18n import local_name

from . import statements
from .centers import CenterRef, active_centers, active_centers_by_province
from .line import NO_COMMITMENT, Line
from .selection import Selection


class Shown(NamedTuple):
    """What the focus page shows of a center's Line: its settled numbers (a Line's own, computed
    by line.py's rules), light to cache."""

    target: int
    expected: int
    actual: int
    pace: float | None
    status: str | None

    @classmethod
    def of(cls, line: Line) -> "Shown":
        return cls(line.target, line.expected, line.actual, line.pace, line.status)

    @property
    def has_commitment(self) -> bool:
        return self.target > 0


NOTHING = Shown(0, 0, 0, None, NO_COMMITMENT)  # a center without a line: Shown.of(Line()) of any month


@dataclass
class AreaFocus:
    area: Any  # TrainingArea
    total: Line  # the area's, of every active center (with the selection's sector filter)
    rows: list[tuple[CenterRef, Shown]]  # every active center, in code order


@dataclass
class SideBySide:
    sectors: list  # Sector
    totals: list[Line]  # per sector, of every active center
    rows: list[tuple[CenterRef, list[Shown]]]  # every active center, in code order: a Shown per sector


@dataclass
class Focus:
    areas: list[AreaFocus]  # for each area asked for
    sectors: SideBySide  # each center in each sector (the sector filter is ignored)


SETS: list[statements.Keys] = [("center", "sector", "area"), ("center", "sector")]


def focus(selection: Selection, areas: Iterable[Any], now: datetime.datetime | None = None) -> Focus:
    """For each of a few training areas (with the selection's sector filter) its total and each
    active center's line, and each center's line in each sector: three queries."""
    areas = list(areas)
    scope = replace(selection, sector=None, area=None)
    lines = statements.lines(scope, SETS, now=now, areas={SETS[0]: [area.pk for area in areas]})
    return _focus(selection, areas, lines, active_centers(scope))


def by_province(selection: Selection, areas: Iterable[Any], provinces: Iterable[int],
                now: datetime.datetime | None = None) -> dict[int, Focus]:
    """{province id: its focus} of these provinces, each as focus() of the selection in that
    province gives it, from the same three queries whatever their number."""
    wanted = tuple(sorted(set(provinces)))
    if not wanted:  # (an empty narrowing would read the whole country)
        return {}
    areas = list(areas)
    scope = replace(selection, sector=None, area=None, province=None, provinces=wanted)
    lines = statements.lines(scope, SETS, now=now, areas={SETS[0]: [area.pk for area in areas]})
    centers = active_centers_by_province(scope, wanted, reports=False)
    province_of = {center.pk: pk for pk, found in centers.items() for center, _owes in found}
    # each province's lines apart (keyed by center first), so that each focus reads its own only
    own_lines: dict[int, dict] = {pk: {keys: {} for keys in lines} for pk in wanted}
    for keys, by_key in lines.items():
        for key, line in by_key.items():
            if key[0] in province_of:
                own_lines[province_of[key[0]]][keys][key] = line
    return {pk: _focus(selection, areas, own_lines[pk], centers[pk]) for pk in wanted}


def _shown(lines: list[Line], month: int) -> Shown:
    """The Shown of the lines added up (one line's own numbers when it is alone)."""
    return Shown.of(lines[0] if len(lines) == 1 else Line.total_of(lines, month))


def _focus(selection: Selection, areas: list[Any], lines: dict, centers: list) -> Focus:
    """The focus of `centers` (active_centers' rows, in code order) from `lines` (which may hold
    other centers')."""
    month = selection.month
    wanted: dict[int, dict[int, list[Line]]] = {area.pk: {} for area in areas}  # {area: {center: its lines there}}
    for (center_id, sector_id, area_id), line in lines[("center", "sector", "area")].items():
        if area_id in wanted and (selection.sector is None or sector_id == selection.sector.pk):
            wanted[area_id].setdefault(center_id, []).append(line)
    found = []
    for area in areas:
        in_area = wanted[area.pk]
        in_rows = [(c, _shown(in_area[c.pk], month) if c.pk in in_area else NOTHING) for c, _owes, *_report in centers]
        total = Line.total_of((line for c, *_rest in centers for line in in_area.get(c.pk, ())), month, key="total")
        found.append(AreaFocus(area=area, total=total, rows=in_rows))
    by_sector = lines[("center", "sector")]
    sectors = reference.lists().sectors
    own = [(c, [by_sector.get((c.pk, s.pk)) for s in sectors]) for c, *_rest in centers]
    totals = [Line.total_of((per_sector[i] for _center, per_sector in own if per_sector[i] is not None), month,
                            key=sector, label=local_name(sector)) for i, sector in enumerate(sectors)]
    rows = [(c, [NOTHING if line is None else Shown.of(line) for line in per_sector]) for c, per_sector in own]
    return Focus(areas=found, sectors=SideBySide(sectors=sectors, totals=totals, rows=rows))


def combined(selection: Selection, areas: Iterable[Any], parts: Sequence[Focus],
             now: datetime.datetime | None = None) -> Focus:
    """The national focus of the selection and areas from focuses of the same that split the
    country between them: each area's and sector's totals added up (targets and actuals first,
    ratios divided once), the centers' lines as they are, in the centers' code order; none: a
    country without provinces."""
    month = selection.month

    def in_code_order(rows: Iterable[tuple]) -> list:
        return sorted(rows, key=lambda row: row[0].code)

    found = [AreaFocus(area=area, total=Line.total_of((part.areas[i].total for part in parts), month, key="total"),
                       rows=in_code_order(row for part in parts for row in part.areas[i].rows))
             for i, area in enumerate(areas)]
    sectors = reference.lists().sectors
    rows = in_code_order(row for part in parts for row in part.sectors.rows)
    totals = [Line.total_of((part.sectors.totals[i] for part in parts), month, key=sector, label=local_name(sector))
              for i, sector in enumerate(sectors)]
    return Focus(areas=found, sectors=SideBySide(sectors=sectors, totals=totals, rows=rows))
