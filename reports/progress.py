"""Progress against commitments: the one place where the dashboards' numbers are computed.

Rules (design.md, "How progress is computed"):
- T is the annual target; the phased targets p1..p12 add up to T. Expected to date E(m) = p1 + ... + pm.
- Only confirmed commitments count: a draft (copied forward into a new year, not yet confirmed by
  a planner) is not in force, so it adds no target and makes no center owe a report.
- Actual to date A(m) = the figures of months 1..m of submitted and approved reports (approved only
  when asked). Drafts and returned reports never count. `actual_to_date` is the one place it is
  added up: the dashboards, the entry grid's "actual to date" and the allocation by last year's
  actuals ask it; the review queue adds a month's counted figures with `counted_figures` and `sums`.
- achievement = A/T, pace = A/E, projection for the year end = A x T / E. No target (T = 0) means
  "no commitment": every ratio is None, never 0% and never a division by zero. T > 0 with E = 0
  (nothing phased yet) gives an achievement but no pace, status or projection.
- Status from pace with the thresholds PAYESH_ON_TRACK_PACE and PAYESH_SLIGHTLY_BEHIND_PACE.
- Over-fulfilment (A > T) is kept as it is, never capped.
- Aggregates (a center across areas, a province across centers, a sector, an area) add T, E and A
  first and divide once; percentages are never averaged.
- Centers are ranked by pace, highest first; centers without a pace are not ranked.
- Reporting rate for a month: centers that owe a report (active, with a confirmed commitment that year)
  whose report is submitted or approved, over the centers that owe one; each center counted once,
  so it cannot pass 100%. Each center's reporting status (on time, late, returned, ...) comes from
  the one rule in reports/deadlines.py.

Every number comes from a handful of grouped queries whose count does not depend on the number
of centers or months; everything else is assembled here in Python.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from centers.models import Center
from commitments.models import MONTHS, Commitment, Sector, TrainingArea
from payesh.i18n import local_name
from reports import deadlines
from reports.models import COUNTED_STATUSES, Figure, MonthlyReport, ReportStatus

ON_TRACK, SLIGHTLY_BEHIND, BEHIND = "on_track", "slightly_behind", "behind"
NO_COMMITMENT, NOTHING_EXPECTED = "no_commitment", "nothing_expected"


@dataclass(frozen=True)
class Selection:
    """What a dashboard shows: a year up to an as-of month, one measure, optional filters."""

    year: int
    month: int
    measure: object  # commitments.Measure
    sector: object = None
    area: object = None
    province: object = None  # None: every province (the national view)
    approved_only: bool = False

    def counted_statuses(self):
        return (ReportStatus.APPROVED,) if self.approved_only else COUNTED_STATUSES


def status_for(pace):
    if pace is None:
        return None
    if pace >= settings.PAYESH_ON_TRACK_PACE:
        return ON_TRACK
    if pace >= settings.PAYESH_SLIGHTLY_BEHIND_PACE:
        return SLIGHTLY_BEHIND
    return BEHIND


@dataclass
class Line:
    """Target, phasing and actuals of one thing (a center, a sector, an area, the province)."""

    key: object = None
    label: str = ""
    month: int = 12
    phased: list = field(default_factory=lambda: [0] * 12)
    monthly: list = field(default_factory=lambda: [0] * 12)  # actual of each month (0 after month)
    rank: int = None

    def __post_init__(self):
        self.settle()

    def settle(self):
        """Add up T, E(m) and A(m) once the phasing and monthly actuals are in place."""
        self.target = sum(self.phased)
        self.expected = sum(self.phased[: self.month])
        self.actual = sum(self.monthly[: self.month])
        return self

    @property
    def has_commitment(self):
        return self.target > 0

    @property
    def achievement(self):
        return self.actual / self.target if self.target else None

    @property
    def pace(self):
        return self.actual / self.expected if self.target and self.expected else None

    @property
    def projection(self):
        return self.actual * self.target / self.expected if self.target and self.expected else None

    @property
    def status(self):
        if not self.target:
            return NO_COMMITMENT
        return status_for(self.pace) or NOTHING_EXPECTED

    def monthly_pace(self, month):
        phased = self.phased[month - 1]
        return self.monthly[month - 1] / phased if phased and month <= self.month else None

    def cumulative(self):
        """(expected, actual) to the end of each month; actual is None after the as-of month."""
        expected, actual, out = 0, 0, []
        for m in MONTHS:
            expected += self.phased[m - 1]
            actual += self.monthly[m - 1]
            out.append((expected, actual if m <= self.month else None))
        return out

    def add(self, other):
        self.phased = [a + b for a, b in zip(self.phased, other.phased)]
        self.monthly = [a + b for a, b in zip(self.monthly, other.monthly)]
        return self.settle()


# --- the grouped queries ----------------------------------------------------------------------


def _narrow(qs, selection, center, center_path):
    """The selection's sector, area and center or province filters, on a queryset whose center
    is reached through `center_path`."""
    if selection.sector is not None:
        qs = qs.filter(sector=selection.sector)
    if selection.area is not None:
        qs = qs.filter(area=selection.area)
    if center is not None:
        return qs.filter(**{center_path: center})
    if selection.province is not None:
        qs = qs.filter(**{f"{center_path}__province": selection.province})
    return qs


def _commitments(selection, center=None):
    qs = Commitment.objects.confirmed().filter(year=selection.year, measure=selection.measure, center__active=True)
    return _narrow(qs, selection, center, "center")


def counted_figures(statuses=COUNTED_STATUSES):
    """The figures actuals are made of: those of counted reports (submitted and approved, or
    approved only when asked). Drafts and returned reports never count."""
    return Figure.objects.filter(report__status__in=statuses)


def sums(figures, keys):
    """{(key values): sum of the figures} grouped by `keys` (Figure lookups), in one query."""
    rows = figures.values(*keys).annotate(total=Sum("value")).order_by()
    return {tuple(row[k] for k in keys): row["total"] or 0 for row in rows}


def actual_to_date(year, month, keys, statuses=COUNTED_STATUSES, **filters):
    """A(m) grouped by `keys`: the counted figures of months 1..month of the year, narrowed by
    `filters` (Figure lookups), in one query. For example, a center's A(m) by row of its grid:
    actual_to_date(1405, 3, ["sector_id", "area_id", "measure_id"], report__center=center)."""
    return sums(counted_figures(statuses).filter(report__year=year, report__month__lte=month, **filters), keys)


def _figures(selection, center=None):
    qs = counted_figures(selection.counted_statuses()).filter(
        report__year=selection.year, report__month__lte=selection.month,
        measure=selection.measure, report__center__active=True,
    )
    return _narrow(qs, selection, center, "report__center")


PHASED_SUMS = {f"p{m}": Sum(f"phased_{m}") for m in MONTHS}


def _lines_by(selection, commitment_keys, figure_keys, center=None):
    """{key: Line} from one grouped query on commitments and one on figures (by month)."""
    lines = {}

    def line(key):
        if key not in lines:
            lines[key] = Line(key=key, month=selection.month)
        return lines[key]

    for row in _commitments(selection, center).values(*commitment_keys).annotate(**PHASED_SUMS).order_by():
        key = tuple(row[k] for k in commitment_keys)
        line(key).phased = [row[f"p{m}"] or 0 for m in MONTHS]
    for (*key, month), total in sums(_figures(selection, center), [*figure_keys, "report__month"]).items():
        line(tuple(key)).monthly[month - 1] += total
    for ln in lines.values():
        ln.settle()
    return lines


def rank(lines):
    """Rank by pace, highest first; ties share a rank; lines without a pace get None."""
    ranked = sorted((ln for ln in lines if ln.pace is not None), key=lambda ln: -ln.pace)
    previous, position = None, 0
    for i, ln in enumerate(ranked, start=1):
        if ln.pace != previous:
            position, previous = i, ln.pace
        ln.rank = position
    for ln in lines:
        if ln.pace is None:
            ln.rank = None


# --- reporting status --------------------------------------------------------------------------


@dataclass
class CenterRow:
    center: Center
    line: Line
    report_status: str = None  # the month's report: draft / submitted / returned / approved / None
    reporting: str = None  # reports.deadlines: on time / late / missing / returned / awaiting / not yet due
    owes_report: bool = False


@dataclass
class Board:
    """Everything the province dashboard shows for one selection."""

    selection: Selection
    rows: list  # CenterRow, ranked
    total: Line
    by_sector: list  # Line with key = sector id
    by_area: list  # Line with key = area id
    owing: int = 0
    reported: int = 0
    on_time: int = 0

    @property
    def reporting_rate(self):
        return self.reported / self.owing if self.owing else None

    def status_counts(self):
        counts = {ON_TRACK: 0, SLIGHTLY_BEHIND: 0, BEHIND: 0}
        for row in self.rows:
            if row.line.status in counts:
                counts[row.line.status] += 1
        return counts


def _centers(selection):
    qs = Center.objects.active()
    if selection.province is not None:
        qs = qs.filter(province=selection.province)
    return list(qs.only("id", "code", "name_fa", "name_en", "county_fa", "county_en", "province_id").order_by("code"))


def _owing_center_ids(selection):
    qs = Commitment.objects.confirmed().filter(year=selection.year, center__active=True)
    if selection.province is not None:
        qs = qs.filter(center__province=selection.province)
    return set(qs.values_list("center_id", flat=True).distinct().order_by())


REPORT_FIELDS = ("status", "submitted_at", "approved_at")  # what deadlines.reporting_status reads


def month_reports(selection):
    """{center id: the status and times of its report of the selection's month} (what
    deadlines.reporting_status reads), in one query; centers without a report are left out."""
    qs = MonthlyReport.objects.for_month(selection.year, selection.month).filter(center__active=True)
    if selection.province is not None:
        qs = qs.filter(center__province=selection.province)
    return {r["center_id"]: {k: r[k] for k in REPORT_FIELDS} for r in qs.values("center_id", *REPORT_FIELDS)}


def split(lines, index, objects):
    """Roll {(a, b): Line} up to one Line per object (a Sector or TrainingArea), by position
    `index` of the key, in the objects' order; objects without a line are left out."""
    out = {}
    for key, ln in lines.items():
        out.setdefault(key[index], Line(month=ln.month)).add(ln)
    result = []
    for obj in objects:
        if obj.pk in out:
            line = out[obj.pk]
            line.key, line.label = obj, local_name(obj)
            result.append(line)
    return result


def _breakdown(selection, center=None):
    lines = _lines_by(selection, ["sector_id", "area_id"], ["sector_id", "area_id"], center=center)
    sectors, areas = list(Sector.objects.all()), list(TrainingArea.objects.all())
    return split(lines, 0, sectors), split(lines, 1, areas)


def center_lines(selection):
    """[(Center, Line)] for every active center of the selection, ranked by pace (rank set on
    each Line), in code order: 3 queries whatever the number of centers."""
    by_center = _lines_by(selection, ["center_id"], ["report__center_id"])
    pairs = [(c, by_center.get((c.pk,)) or Line(key=(c.pk,), month=selection.month)) for c in _centers(selection)]
    rank([line for _center, line in pairs])
    return pairs


def board(selection, now=None, breakdown=True):
    """The province (or national) dashboard: 8 queries whatever the number of centers."""
    by_center = center_lines(selection)
    by_sector, by_area = _breakdown(selection) if breakdown else ([], [])
    owing = _owing_center_ids(selection)
    reports = month_reports(selection)

    rows, total = [], Line(key="total", month=selection.month)
    now = now or timezone.now()
    for center, line in by_center:
        report = reports.get(center.pk, {})
        rows.append(CenterRow(
            center=center, line=line, report_status=report.get("status"), owes_report=center.pk in owing,
            reporting=deadlines.reporting_status(selection.year, selection.month, now=now, **report),
        ))
        total.add(line)
    rows.sort(key=lambda r: (r.line.rank is None, r.line.rank or 0, r.center.code))

    owed = [r for r in rows if r.owes_report]
    return Board(
        selection=selection, rows=rows, total=total,
        by_sector=by_sector, by_area=by_area,
        owing=len(owed), reported=sum(1 for r in owed if r.reporting in deadlines.REPORTED),
        on_time=sum(1 for r in owed if r.reporting == deadlines.ON_TIME),
    )


@dataclass
class CenterBoard:
    center: Center
    row: CenterRow
    of: int  # number of ranked centers in its province
    by_sector: list
    by_area: list
    reports: list = field(default_factory=list)


def center_board(selection, center, now=None):
    """One center's numbers by sector and area, with its rank among its province's centers."""
    province_board = board(Selection(**{**selection.__dict__, "province": center.province}), now=now, breakdown=False)
    row = next(r for r in province_board.rows if r.center.pk == center.pk)
    by_sector, by_area = _breakdown(selection, center=center)
    reports = list(MonthlyReport.objects.filter(center=center, year=selection.year).order_by("month"))
    return CenterBoard(
        center=center, row=row, of=sum(1 for r in province_board.rows if r.line.rank is not None),
        by_sector=by_sector, by_area=by_area, reports=reports,
    )


def area_months(selection, center, area):
    """One center's line in one area, month by month (for the drill-down)."""
    scoped = Selection(**{**selection.__dict__, "area": area})
    lines = _lines_by(scoped, ["center_id"], ["report__center_id"], center=center)
    return lines.get((center.pk,)) or Line(key=(center.pk,), month=selection.month)


@dataclass
class GridRow:
    center: Center
    owes_report: bool
    cells: list  # (report status or None, reporting status) for months 1..last_month


def reporting_grid(year, last_month, province=None, now=None):
    """Every center's reports of a year up to a month: 3 queries whatever the number of centers."""
    scope = Selection(year=year, month=last_month, measure=None, province=province)
    centers = _centers(scope)
    owing = _owing_center_ids(scope)
    qs = MonthlyReport.objects.filter(year=year, month__lte=last_month, center__active=True)
    if province is not None:
        qs = qs.filter(center__province=province)
    found = {(r["center_id"], r["month"]): {k: r[k] for k in REPORT_FIELDS}
             for r in qs.values("center_id", "month", *REPORT_FIELDS)}
    now = now or timezone.now()
    rows = []
    for center in centers:
        cells = []
        for month in range(1, last_month + 1):
            r = found.get((center.pk, month), {})
            cells.append((r.get("status"), deadlines.reporting_status(year, month, now=now, **r)))
        rows.append(GridRow(center=center, owes_report=center.pk in owing, cells=cells))
    return rows


@dataclass
class SideBySide:
    sectors: list  # Sector
    totals: list  # Line per sector, the province's
    rows: list  # (Center, [Line per sector])


def sectors_side_by_side(selection):
    """Each center's progress in each sector (the sector filter is ignored): 5 queries."""
    scope = Selection(**{**selection.__dict__, "sector": None})
    centers = _centers(scope)
    lines = _lines_by(scope, ["center_id", "sector_id"], ["report__center_id", "sector_id"])
    sectors = list(Sector.objects.all())
    rows = [(c, [lines.get((c.pk, s.pk)) or Line(month=scope.month) for s in sectors]) for c in centers]
    totals = []
    for i, sector in enumerate(sectors):
        total = Line(key=sector, label=local_name(sector), month=scope.month)
        for _center, per_sector in rows:
            total.add(per_sector[i])
        totals.append(total)
    return SideBySide(sectors=sectors, totals=totals, rows=rows)
