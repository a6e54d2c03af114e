"""The focus page's numbers: for each of a few training areas its total and each center's line in
it, and each center's line in each sector, all from the same statements (docs/design.md,
"Progress: one engine").

A center's line is kept as the focus page shows it (Shown: its settled numbers, not its twelve
months), and the centers' numbers a column a number (Numbers: a few lists of plain numbers,
whatever the number of centers). The national focus holds the country's centers five times over,
is cached, and is put together from the provinces' focuses cached each at its province's version:
after a save in one province 30 of them are unpickled and the national one pickled, and objects
for each center's each line would make that, and the garbage collector's passes over them, most
of the page's time."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from commitments import reference
from payesh.i18n import local_name

from . import statements
from .centers import CenterRef, active_centers, active_centers_by_province
from .line import NO_COMMITMENT, Line
from .selection import Selection


class Shown(NamedTuple):
    """What the focus page shows of a center's Line: its settled numbers (the Line's own, by
    line.py's rules)."""

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
class Numbers:
    """The Shown of each center of a list (Focus.centers), a list a number."""

    target: list[int] = field(default_factory=list)
    expected: list[int] = field(default_factory=list)
    actual: list[int] = field(default_factory=list)
    pace: list[float | None] = field(default_factory=list)
    status: list[str | None] = field(default_factory=list)

    COLUMNS = ("target", "expected", "actual", "pace", "status")

    def append(self, shown: Shown) -> None:
        for column, value in zip(self.COLUMNS, shown):
            getattr(self, column).append(value)

    def __getitem__(self, i: int) -> Shown:
        return Shown(self.target[i], self.expected[i], self.actual[i], self.pace[i], self.status[i])

    def __len__(self) -> int:
        return len(self.target)

    @classmethod
    def joined(cls, parts: Iterable["Numbers"], order: Sequence[int]) -> "Numbers":
        """The parts' numbers one after the other, then taken in `order` (positions in them)."""
        parts = list(parts)
        columns = []
        for column in cls.COLUMNS:
            whole = [value for part in parts for value in getattr(part, column)]
            columns.append([whole[i] for i in order])
        return cls(*columns)


@dataclass
class AreaFocus:
    area: Any  # TrainingArea
    total: Line  # the area's, of every active center (with the selection's sector filter)
    numbers: Numbers  # each active center's (Focus.centers)

    def behind_first(self) -> list[int]:
        """The positions of the centers with a pace, furthest behind first (ties in code order)."""
        paced = [(p, i) for i, p in enumerate(self.numbers.pace) if p is not None]
        paced.sort(key=lambda found: found[0])  # (stable: the code order among equal paces)
        return [i for _pace, i in paced]

    def without(self) -> list[int]:
        """The positions of the centers without a commitment in the area."""
        return [i for i, target in enumerate(self.numbers.target) if not target > 0]


@dataclass
class SideBySide:
    sectors: list  # Sector
    totals: list[Line]  # per sector, of every active center
    numbers: list[Numbers]  # per sector, each active center's (Focus.centers)


@dataclass
class Focus:
    centers: list[CenterRef]  # every active center, in code order
    areas: list[AreaFocus]  # for each area asked for
    sectors: SideBySide  # each center in each sector (the sector filter is ignored)

    def area_rows(self, found: AreaFocus, positions: Iterable[int] | None = None) -> list[tuple[CenterRef, Shown]]:
        """(center, its Shown in the area) of the centers at these positions (default: all)."""
        return [(self.centers[i], found.numbers[i]) for i in (range(len(self.centers)) if positions is None else positions)]

    def sector_rows(self, positions: Iterable[int] | None = None) -> list[tuple[CenterRef, list[Shown]]]:
        """(center, its Shown in each sector) of the centers at these positions (default: all)."""
        return [(self.centers[i], [numbers[i] for numbers in self.sectors.numbers])
                for i in (range(len(self.centers)) if positions is None else positions)]


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
    refs = [c for c, *_rest in centers]
    wanted: dict[int, dict[int, list[Line]]] = {area.pk: {} for area in areas}  # {area: {center: its lines there}}
    for (center_id, sector_id, area_id), line in lines[("center", "sector", "area")].items():
        if area_id in wanted and (selection.sector is None or sector_id == selection.sector.pk):
            wanted[area_id].setdefault(center_id, []).append(line)
    found = []
    for area in areas:
        in_area, numbers = wanted[area.pk], Numbers()
        for c in refs:
            numbers.append(_shown(in_area[c.pk], month) if c.pk in in_area else NOTHING)
        total = Line.total_of((line for c in refs for line in in_area.get(c.pk, ())), month, key="total")
        found.append(AreaFocus(area=area, total=total, numbers=numbers))
    by_sector = lines[("center", "sector")]
    sectors = reference.lists().sectors
    per_sector, totals = [], []
    for sector in sectors:
        own = [by_sector.get((c.pk, sector.pk)) for c in refs]
        numbers = Numbers()
        for line in own:
            numbers.append(NOTHING if line is None else Shown.of(line))
        per_sector.append(numbers)
        totals.append(Line.total_of((line for line in own if line is not None), month, key=sector, label=local_name(sector)))
    return Focus(centers=refs, areas=found, sectors=SideBySide(sectors=sectors, totals=totals, numbers=per_sector))


def combined(selection: Selection, areas: Iterable[Any], parts: Sequence[Focus],
             now: datetime.datetime | None = None) -> Focus:
    """The national focus of the selection and areas from focuses of the same that split the
    country between them: each area's and sector's totals added up (targets and actuals first,
    ratios divided once), the centers' numbers as they are, in the centers' code order; none: a
    country without provinces."""
    month = selection.month
    centers = [c for part in parts for c in part.centers]
    order = sorted(range(len(centers)), key=lambda i: centers[i].code)
    found = [AreaFocus(area=area, total=Line.total_of((part.areas[i].total for part in parts), month, key="total"),
                       numbers=Numbers.joined((part.areas[i].numbers for part in parts), order))
             for i, area in enumerate(areas)]
    sectors = reference.lists().sectors
    totals = [Line.total_of((part.sectors.totals[i] for part in parts), month, key=sector, label=local_name(sector))
              for i, sector in enumerate(sectors)]
    numbers = [Numbers.joined((part.sectors.numbers[i] for part in parts), order) for i in range(len(sectors))]
    return Focus(centers=[centers[i] for i in order], areas=found,
                 sectors=SideBySide(sectors=sectors, totals=totals, numbers=numbers))
