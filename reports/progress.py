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

import functools
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, router
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, Sum

from centers.models import Center
from commitments import reference
from commitments.models import MONTHS, Commitment
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


_thresholds = (None, None, None)


def thresholds():
    """(on track, slightly behind) from the settings, read again only when the settings change
    (a status is asked for every line of a thousand-center board)."""
    global _thresholds
    current = settings._wrapped
    if _thresholds[0] is not current:
        _thresholds = (current, settings.PAYESH_ON_TRACK_PACE, settings.PAYESH_SLIGHTLY_BEHIND_PACE)
    return _thresholds[1:]


def status_for(pace):
    if pace is None:
        return None
    on_track, slightly_behind = thresholds()
    if pace >= on_track:
        return ON_TRACK
    if pace >= slightly_behind:
        return SLIGHTLY_BEHIND
    return BEHIND


@dataclass(slots=True)
class Line:
    """Target, phasing and actuals of one thing (a center, a sector, an area, the province)."""

    key: object = None
    label: str = ""
    month: int = 12
    phased: list = field(default_factory=lambda: [0] * 12)
    # actual of each month (0 after the as-of month); None when only A(m) was asked for
    monthly: list = field(default_factory=lambda: [0] * 12)
    rank: int = None
    actual_to_date: int = 0  # A(m) when monthly is None
    # set by settle()
    target: int = field(init=False, default=0)
    expected: int = field(init=False, default=0)
    actual: int = field(init=False, default=0)
    achievement: float = field(init=False, default=None)
    pace: float = field(init=False, default=None)
    projection: float = field(init=False, default=None)
    status: str = field(init=False, default=None)

    def __post_init__(self):
        self.settle()

    def settle(self):
        """Add up T, E(m) and A(m) once the phasing and monthly actuals are in place, and the
        ratios and status from them (read many times when centers are ranked, counted and shown)."""
        self.target = target = sum(self.phased)
        self.expected = expected = sum(self.phased[: self.month])
        self.actual = actual = self.actual_to_date if self.monthly is None else sum(self.monthly[: self.month])
        self.achievement = actual / target if target else None
        self.pace = actual / expected if target and expected else None
        self.projection = actual * target / expected if target and expected else None
        self.status = (status_for(self.pace) or NOTHING_EXPECTED) if target else NO_COMMITMENT
        return self

    def months(self):
        if self.monthly is None:
            raise ValueError("this line was added up to date only; ask progress.fill_months for its months")
        return self.monthly

    @property
    def has_commitment(self):
        return self.target > 0

    def monthly_pace(self, month):
        phased = self.phased[month - 1]
        return self.months()[month - 1] / phased if phased and month <= self.month else None

    def cumulative(self):
        """(expected, actual) to the end of each month; actual is None after the as-of month."""
        expected, actual, out = 0, 0, []
        for m, done in zip(MONTHS, self.months()):
            expected += self.phased[m - 1]
            actual += done
            out.append((expected, actual if m <= self.month else None))
        return out

    def at_month(self, month):
        """This line (month by month) as of another month: its actuals after that month left out."""
        return Line(key=self.key, label=self.label, month=month, phased=self.phased,
                    monthly=[v if m <= month else 0 for m, v in zip(MONTHS, self.months())])

    @classmethod
    def total_of(cls, lines, month, key=None, label=""):
        """One Line adding up many (targets and actuals first; its ratios divide once); month by
        month only when every one of them is."""
        lines = list(lines)
        if not lines:
            return cls(key=key, label=label, month=month)
        phased = [sum(c) for c in zip(*(ln.phased for ln in lines))]
        if any(ln.monthly is None for ln in lines):
            return cls(key=key, label=label, month=month, phased=phased, monthly=None,
                       actual_to_date=sum(ln.actual for ln in lines))
        return cls(key=key, label=label, month=month, phased=phased, monthly=[sum(c) for c in zip(*(ln.monthly for ln in lines))])


# --- the grouped queries ----------------------------------------------------------------------


# Two statements compute every Line a page needs, whatever the number of centers and months: one
# over the commitments in force in the year, one over the counted figures up to the as-of month
# (the querysets that say which rows those are stay the ORM's: Commitment.objects.in_force,
# counted_figures). Each groups by several sets of keys at once (on PostgreSQL with GROUPING
# SETS, so the table is read once for the centers and for the sectors and areas; elsewhere with
# UNION ALL) and turns the months into columns (conditional sums), so a center comes back as one
# row with its twelve sums.

KEYS = ("center", "sector", "area", "month")  # the keys a set may group by, in this order
COLUMNS = ("c", "s", "a", "mo")  # their columns in the rows the statements group


def _used(sets):
    """The keys some set groups by, in KEYS order."""
    return [k for k in KEYS if any(k in keys for keys in sets)]


def _set_masks(sets):
    """GROUPING() of each set over the keys in use: a bit for each of them the set leaves out."""
    used = _used(sets)
    return {sum(1 << (len(used) - 1 - i) for i, key in enumerate(used) if key not in keys): keys for keys in sets}


def _grouped(base, sets, select, select_params=()):
    """Rows (mask, center, sector, area, month, *select) of `base`, grouped by each set of keys in
    one statement (a key no set groups by reads NULL). `base` is a queryset of values c (center),
    s (sector), a (area), mo (month, for figures) and whatever `select` adds up: it holds the
    rules (which commitments are in force, which figures count), this only groups them."""
    base = base.order_by()
    connection = connections[base.db]  # where the router reads it (a dashboard: the replica once it caught up)
    base_sql, base_params = base.query.get_compiler(connection=connection).as_sql()
    columns = dict(zip(KEYS, COLUMNS))

    def keys_of(keys):
        return ", ".join(columns[k] if k in keys else "NULL" for k in KEYS)

    if connection.vendor == "postgresql":
        grouping = ", ".join(f"({', '.join(columns[k] for k in keys)})" for keys in sets)
        sql = (f"WITH base AS ({base_sql}) SELECT GROUPING({', '.join(columns[k] for k in _used(sets))}), "
               f"{keys_of(_used(sets))}, {select} FROM base GROUP BY GROUPING SETS ({grouping})")
        params = [*base_params, *select_params]
    else:
        masks = {keys: mask for mask, keys in _set_masks(sets).items()}
        branches = [f"SELECT {masks[keys]}, {keys_of(keys)}, {select} FROM base GROUP BY {', '.join(columns[k] for k in keys)}"
                    for keys in sets]
        sql = f"WITH base AS ({base_sql}) " + " UNION ALL ".join(branches)
        params = [*base_params, *select_params * len(sets)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _scoped(queryset, selection, center, center_field):
    """Narrowed to one center, or to the selection's province."""
    if center is not None:
        return queryset.filter(**{center_field: center})
    if selection.province is not None:
        return queryset.filter(**{f"{center_field}__province": selection.province})
    return queryset


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


def _phased_rows(selection, sets, center=None):
    """Rows (mask, center, sector, area, month (NULL), p1..p12) of the selection's commitments in
    force (a commitment's months are its columns: sets are grouped without "month")."""
    commitments = Commitment.objects.in_force(selection.year).filter(measure=selection.measure)
    for name in ("sector", "area"):
        if getattr(selection, name) is not None:
            commitments = commitments.filter(**{name: getattr(selection, name)})
    base = _scoped(commitments, selection, center, "center").values(
        c=F("center_id"), s=F("sector_id"), a=F("area_id"), **{f"p{m}": F(f"phased_{m}") for m in MONTHS})
    return _grouped(base, sets, ", ".join(f"CAST(SUM(p{m}) AS BIGINT)" for m in MONTHS))


def _actual_rows(selection, sets, center=None, centers=None):
    """Rows (mask, center, sector, area, month, actual) of the counted figures of months 1..m:
    A(m) for a set without "month", the month's actual for a set with it."""
    figures = counted_figures(selection.counted_statuses()).filter(
        report__year=selection.year, report__month__lte=selection.month, report__center__active=True,
        measure=selection.measure)
    for name in ("sector", "area"):
        if getattr(selection, name) is not None:
            figures = figures.filter(**{name: getattr(selection, name)})
    if centers is not None:
        figures = figures.filter(report__center__in=centers)
    base = _scoped(figures, selection, center, "report__center").values(
        c=F("report__center_id"), s=F("sector_id"), a=F("area_id"), mo=F("report__month"), v=F("value"))
    return _grouped(base, sets, "CAST(SUM(v) AS BIGINT)")


@functools.cache
def _key_positions(keys):
    """Where a set's key values (not its month) stand in a row of (center, sector, area, month)."""
    return tuple(i for i, k in enumerate(KEYS) if k in keys and k != "month")


def _key_of(keys, row):
    positions = _key_positions(keys)
    return (row[positions[0]],) if len(positions) == 1 else tuple(row[i] for i in positions)


def _sums(selection, sets, center=None):
    """Every Line of the selection for each set of keys ({keys: {key tuple: Line}}), in two
    statements whatever the number of centers. A set with "month" (("sector", "area", "month"))
    gives Lines month by month, keyed without the month; one without gives A(m) only, which is
    cheaper to add up (a Line's months can be read later: fill_months). A key has a Line when it
    has a commitment of the selection or a counted figure."""
    sets = [tuple(keys) for keys in sets]
    plain = {keys: tuple(k for k in keys if k != "month") for keys in sets}
    phased_masks, actual_masks = _set_masks(list(dict.fromkeys(plain.values()))), _set_masks(sets)
    phased = {keys: {} for keys in plain.values()}
    actual = {keys: {} for keys in sets}

    for mask, *row in _phased_rows(selection, list(phased), center):
        keys = phased_masks[mask]
        phased[keys][_key_of(keys, row[:4])] = row[4:]
    for mask, *row, total in _actual_rows(selection, sets, center):
        keys = actual_masks[mask]
        key = _key_of(keys, row)
        if "month" in keys:
            actual[keys].setdefault(key, [0] * 12)[row[3] - 1] = total
        else:
            actual[keys][key] = total
    zeros = [0] * 12
    lines = {}
    for keys in sets:
        monthly = "month" in keys
        found, planned = actual[keys], phased[plain[keys]]
        lines[keys] = {key: Line(key=key, month=selection.month, phased=planned.get(key, zeros),
                                 monthly=found.get(key, zeros) if monthly else None,
                                 actual_to_date=0 if monthly else found.get(key, 0))
                       for key in planned.keys() | found.keys()}
    return lines


def fill_months(selection, lines):
    """Give Lines of centers added up to date only (keys (center id,)) their months, in one query."""
    wanted = {ln.key[0]: ln for ln in lines if ln.monthly is None}
    if not wanted:
        return
    months = {center_id: [0] * 12 for center_id in wanted}
    sets = [("center", "month")]
    for _mask, center_id, _sector, _area, month, total in _actual_rows(selection, sets, centers=list(wanted)):
        months[center_id][month - 1] = total
    for center_id, line in wanted.items():
        line.monthly = months[center_id]
        line.settle()


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


# --- several years at once (reports/years.py: year over year, the years of record) ----------------

YEAR_KEYS = ("center", "sector", "area")  # what a year's Lines may be keyed by, besides the year


def _sql(queryset):
    queryset = queryset.order_by()
    connection = connections[queryset.db]  # as _grouped: the replica once it caught up
    return (*queryset.query.get_compiler(connection=connection).as_sql(), connection)


def _years_statement(commitments, figures, sets, narrow):
    """The statement of lines_by_year: rows (0 for targets or 1 for actuals, the set's index,
    year, center, sector, area, twelve months)."""
    phased_sql, phased_params, connection = _sql(commitments.values(
        y=F("year"), c=F("center_id"), s=F("sector_id"), a=F("area_id"), **{f"p{m}": F(f"phased_{m}") for m in MONTHS}))
    actual_sql, actual_params, _connection = _sql(figures.values(
        y=F("report__year"), c=F("report__center_id"), s=F("sector_id"), a=F("area_id"), mo=F("report__month"), v=F("value")))
    # Each is read once, added up by year and the keys some set uses (gp, gf: a few rows per center
    # and year at most); each set then adds up those rows, narrowed to a year or a center when asked.
    columns = dict(zip(YEAR_KEYS, ("c", "s", "a")))
    used = [k for k in YEAR_KEYS if any(k in keys for keys in sets) or any(k in only for only in narrow.values())]
    kept = ", ".join(["y", *(columns[k] for k in used)])
    months = ", ".join(f"CAST(SUM(p{m}) AS BIGINT)" for m in MONTHS)
    by_month = ", ".join(f"CAST(SUM(CASE WHEN mo = {m} THEN v ELSE 0 END) AS BIGINT) AS p{m}" for m in MONTHS)
    branches = []
    for i, keys in enumerate(sets):
        chosen = ", ".join(columns[k] if k in keys else "CAST(NULL AS BIGINT)" for k in YEAR_KEYS)
        group = ", ".join(["y", *(columns[k] for k in YEAR_KEYS if k in keys)])
        only = narrow.get(keys, {})
        where = [f"y = {int(only['year'])}"] if "year" in only else []
        where += [f"c = {int(only['center'])}"] if "center" in only else []
        where = f" WHERE {' AND '.join(where)}" if where else ""
        for kind, table in ((0, "gp"), (1, "gf")):
            branches.append(f"SELECT {kind}, {i}, y, {chosen}, {months} FROM {table}{where} GROUP BY {group}")
    sql = (f"WITH gp AS (SELECT {kept}, {', '.join(f'SUM(p{m}) AS p{m}' for m in MONTHS)} "
           f"FROM ({phased_sql}) p GROUP BY {kept}), "
           f"gf AS (SELECT {kept}, {by_month} FROM ({actual_sql}) f GROUP BY {kept}) " + " UNION ALL ".join(branches))
    return sql, [*phased_params, *actual_params], connection


def lines_by_year(selection, years, sets, center=None, narrow=None, to_month=12):
    """{year: {keys: {key: Line}}} of each of `years`, for the selection's measure, filters and
    scope (a center, a province, or the country), month by month over the whole year (month 12;
    Line.at_month gives a line as of another month). Each set of keys is a tuple of YEAR_KEYS
    (("center",), ("sector",), ...). The same rows count as in `board`: commitments in force,
    figures of counted reports of active centers. One statement whatever the number of years,
    centers and sets: a commitment's months are its columns, and figures are turned into twelve
    month columns by conditional sums, so targets and actuals come back in the same shape.
    `narrow` ({keys: {"year": y} or {"center": id}}) keeps a set to one year or one center of the
    scope (a center's page: its province's centers this year, its own sectors and areas every year).
    `to_month` leaves out the figures of later months (their targets stay: a Line's months)."""
    years = sorted(set(years))
    sets = [tuple(keys) for keys in sets]
    # On SQLite the scope's active centers, and their reports, are read first: commitments and figures are
    # then found by center and by report (otherwise SQLite reads every commitment or figure of
    # the measure in the country and drops the other provinces').
    # PostgreSQL is given plain joins, as the board's statement: with the statistics of tables just
    # filled (a restore, a test), it planned the semi-joins as nested loops over every figure and
    # report (minutes); its joins by index are fast either way.
    scope = {"pk": center.pk} if center is not None else {"province": selection.province} if selection.province else {}
    centers = Center.objects.active().filter(**scope)
    figures = counted_figures(selection.counted_statuses()).filter(measure=selection.measure)
    commitments = Commitment.objects.in_force_in(years).filter(measure=selection.measure)
    if scope and connections[router.db_for_read(Figure)].vendor == "sqlite":
        commitments = commitments.filter(center__in=centers)
        figures = figures.filter(report__in=MonthlyReport.objects.filter(year__in=years, month__lte=to_month, center__in=centers))
    else:
        commitments = commitments.filter(**{f"center__{k}": v for k, v in scope.items()})
        figures = figures.filter(report__year__in=years, report__month__lte=to_month, report__center__active=True,
                                 **{f"report__center__{k}": v for k, v in scope.items()})
    for name in ("sector", "area"):
        if getattr(selection, name) is not None:
            commitments = commitments.filter(**{name: getattr(selection, name)})
            figures = figures.filter(**{name: getattr(selection, name)})
    sql, params, connection = _years_statement(commitments, figures, sets, narrow or {})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = {}
    for kind, i, year, *values in rows:
        keyed, monthly = values[:len(YEAR_KEYS)], values[len(YEAR_KEYS):]
        key = tuple(v for k, v in zip(YEAR_KEYS, keyed) if k in sets[i])
        found.setdefault((year, i, key), [None, None])[kind] = [int(v or 0) for v in monthly]
    lines = {year: {keys: {} for keys in sets} for year in years}
    for (year, i, key), (planned, done) in found.items():
        lines[year][sets[i]][key] = Line(key=key, month=12, phased=planned or [0] * 12, monthly=done or [0] * 12)
    return lines


# --- reporting status --------------------------------------------------------------------------


@dataclass
class CenterRow:
    center: "CenterRef"
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

    by_province: list = field(default_factory=list)  # ProvinceRow, ranked; the national view only

    @property
    def reporting_rate(self):
        return self.reported / self.owing if self.owing else None

    def status_counts(self):
        return _status_counts(self.rows)


def _status_counts(rows):
    counts = {ON_TRACK: 0, SLIGHTLY_BEHIND: 0, BEHIND: 0}
    for row in rows:
        if row.line.status in counts:
            counts[row.line.status] += 1
    return counts


def _reporting(rows):
    """(centers that owe the month's report, of them reported, of them on time)."""
    owed = [r for r in rows if r.owes_report]
    return (len(owed), sum(1 for r in owed if r.reporting in deadlines.REPORTED),
            sum(1 for r in owed if r.reporting == deadlines.ON_TIME))


@dataclass
class ProvinceRow:
    """A province in the national view: its centers added up first, then divided once."""

    province: object  # centers.Province
    line: Line
    centers: int
    behind: int  # centers behind (below the slightly-behind threshold)
    owing: int
    reported: int
    on_time: int

    @property
    def reporting_rate(self):
        return self.reported / self.owing if self.owing else None


def _by_province(rows, month):
    """The national view's provinces, ranked by pace like centers."""
    grouped = {}
    for row in rows:
        grouped.setdefault(row.center.province_id, []).append(row)
    result = []
    for province in sorted((p for p in reference.lists().provinces if p.pk in grouped), key=lambda p: p.code):
        members = grouped[province.pk]
        line = Line.total_of((row.line for row in members), month, key=province.pk, label=local_name(province))
        result.append(ProvinceRow(province, line, len(members), _status_counts(members)[BEHIND], *_reporting(members)))
    rank([p.line for p in result])
    result.sort(key=lambda p: (p.line.rank is None, p.line.rank or 0, p.province.code))
    return result


@dataclass(frozen=True, slots=True, eq=False)
class CenterRef:
    """A center as the dashboards name it, read as plain values (building a thousand model
    instances would cost more than adding up their numbers). It equals the Center it stands for."""

    pk: int
    code: str
    name_fa: str
    name_en: str
    county_fa: str
    county_en: str
    province_id: int

    FIELDS = ("pk", "code", "name_fa", "name_en", "county_fa", "county_en", "province_id")

    @property
    def id(self):
        return self.pk

    def __eq__(self, other):
        if isinstance(other, (CenterRef, Center)):
            return self.pk == other.pk
        return NotImplemented

    def __hash__(self):
        return hash(("center", self.pk))

    def __str__(self):
        return self.name_fa


REPORT_FIELDS = ("status", "submitted_at", "approved_at")  # what deadlines.reporting_status reads


def _centers(selection, reports=False):
    """[(CenterRef, owes a report this year)] for the active centers of the selection, in code
    order, in one query; with `reports`, each also with {the status and times of its report of
    the selection's month} (None where it has none)."""
    qs = Center.objects.active().annotate(owes=Exists(Commitment.objects.in_force(selection.year).filter(center=OuterRef("pk"))))
    if selection.province is not None:
        qs = qs.filter(province=selection.province)
    fields = [*CenterRef.FIELDS, "owes"]
    if reports:
        qs = qs.annotate(month_report=FilteredRelation(
            "reports", condition=Q(reports__year=selection.year, reports__month=selection.month)))
        fields += [f"month_report__{f}" for f in REPORT_FIELDS]
    n = len(CenterRef.FIELDS)
    rows = qs.order_by("code").values_list(*fields)
    if not reports:
        return [(CenterRef(*values[:n]), values[n]) for values in rows]
    return [(CenterRef(*values[:n]), values[n], dict(zip(REPORT_FIELDS, values[n + 1:]))) for values in rows]


def split(lines, index, objects):
    """Roll {(a, b): Line} up to one Line per object (a Sector or TrainingArea), by position
    `index` of the key, in the objects' order; objects without a line are left out."""
    grouped = {}
    for key, ln in lines.items():
        grouped.setdefault(key[index], []).append(ln)
    return [Line.total_of(grouped[obj.pk], grouped[obj.pk][0].month, key=obj, label=local_name(obj))
            for obj in objects if obj.pk in grouped]


def _breakdown(lines, sector_at, area_at):
    """By sector and by area, from Lines keyed by tuples holding the sector and area ids."""
    lists = reference.lists()
    sectors, areas = lists.sectors, lists.areas
    return split(lines, sector_at, sectors), split(lines, area_at, areas)


def _ranked(selection, by_center, centers=None):
    """[(CenterRef, Line, owes a report, the month's report)] for every active center of the
    selection (`centers` when already read), ranked by pace (rank set on each Line), in code order."""
    rows = [(c, by_center.get((c.pk,)) or Line(key=(c.pk,), month=selection.month), owes, report)
            for c, owes, report in centers or _centers(selection, reports=True)]
    rank([row[1] for row in rows])
    return rows


def board(selection, now=None, breakdown=True):
    """The province (or national) dashboard: 3 queries whatever the number of centers (and the
    reference lists, cached)."""
    sets = [("center",), ("sector", "area", "month")] if breakdown else [("center",)]
    lines = _sums(selection, sets)
    if not breakdown:
        return _board(selection, lines[("center",)], [], [], now)
    by_sector_area = lines[("sector", "area", "month")]
    by_sector, by_area = _breakdown(by_sector_area, 0, 1)
    # the same figures as the centers', month by month: the total's curve
    total = Line.total_of(by_sector_area.values(), selection.month, key="total")
    return _board(selection, lines[("center",)], by_sector, by_area, now, total=total)


def _board(selection, by_center, by_sector, by_area, now=None, centers=None, total=None):
    reporting = deadlines.reporting_rule(selection.year, selection.month, now)
    rows = [CenterRow(center=center, line=line, report_status=report.get("status"), owes_report=owes,
                      reporting=reporting(**report))
            for center, line, owes, report in _ranked(selection, by_center, centers)]
    total = total or Line.total_of((row.line for row in rows), selection.month, key="total")
    rows.sort(key=lambda r: (r.line.rank is None, r.line.rank or 0, r.center.code))

    owing, reported, on_time = _reporting(rows)
    return Board(
        selection=selection, rows=rows, total=total, by_sector=by_sector, by_area=by_area,
        owing=owing, reported=reported, on_time=on_time,
        by_province=_by_province(rows, selection.month) if selection.province is None else [],
    )


@dataclass
class CenterBoard:
    center: Center
    row: CenterRow
    of: int  # number of ranked centers in its province
    by_sector: list
    by_area: list
    reports: list = field(default_factory=list)
    # {year: {("sector", "area"): {(sector id, area id): Line}}} of the years asked for, month by
    # month over the whole year (reports/years.py compares and records them)
    years: dict = field(default_factory=dict)


REPORT_SHOWN = ("year", "month", "status", "submitted_at", "approved_at", "return_comment")


def center_and_reports(code, year):
    """(the center with this code, with its province; its reports of the year by month) in one
    query, or (None, []) when there is no such center or it is closed: the numbers follow active
    centers only, so a closed center has no board (its months stay readable on their pages)."""
    rows = list(Center.objects.active().filter(code=code).select_related("province")
                .annotate(of_year=FilteredRelation("reports", condition=Q(reports__year=year)))
                .annotate(**{f"report_{f}": F(f"of_year__{f}") for f in REPORT_SHOWN}).order_by("of_year__month"))
    if not rows:
        return None, []
    center = rows[0]
    reports = [MonthlyReport(center=center, **{f: getattr(row, f"report_{f}") for f in REPORT_SHOWN})
               for row in rows if row.report_month is not None]
    return center, reports


def center_board(selection, center, now=None, reports=None, earlier_years=()):
    """One center's numbers by sector and area, with its rank among its province's centers, and
    its sectors and areas in `earlier_years` too: all from one statement (lines_by_year: the
    province's centers this year, the center's sectors and areas in every year asked for)."""
    scope = Selection(**{**selection.__dict__, "province": center.province})
    own_keys = ("sector", "area")
    years = lines_by_year(scope, [selection.year, *earlier_years], [("center",), own_keys],
                          narrow={("center",): {"year": selection.year}, own_keys: {"center": center.pk}})
    this = years[selection.year]
    by_center = {key: line.at_month(selection.month) for key, line in this[("center",)].items()}
    own = {key: line.at_month(selection.month) for key, line in this[own_keys].items()}
    province_board = _board(scope, by_center, [], [], now)
    row = next(r for r in province_board.rows if r.center.pk == center.pk)
    row.line.monthly = Line.total_of(own.values(), selection.month).monthly if own else [0] * 12
    row.line.settle()
    by_sector, by_area = _breakdown(own, 0, 1)
    if reports is None:
        reports = center_and_reports(center.code, selection.year)[1]
    return CenterBoard(
        center=center, row=row, of=sum(1 for r in province_board.rows if r.line.rank is not None),
        by_sector=by_sector, by_area=by_area, reports=reports,
        years={year: {own_keys: found[own_keys]} for year, found in years.items()},
    )


def area_months(selection, center, area):
    """One center's line in one area, month by month (for the drill-down)."""
    scoped = Selection(**{**selection.__dict__, "area": area})
    lines = _sums(scoped, [("center", "month")], center=center)[("center", "month")]
    return lines.get((center.pk,)) or Line(key=(center.pk,), month=selection.month)


@dataclass
class GridRow:
    center: "CenterRef"
    owes_report: bool
    cells: list  # (report status or None, reporting status) for months 1..last_month


def reporting_grid(year, last_month, province=None, now=None):
    """Every center's reports of a year up to a month: 2 queries whatever the number of centers."""
    scope = Selection(year=year, month=last_month, measure=None, province=province)
    qs = MonthlyReport.objects.filter(year=year, month__lte=last_month, center__active=True)
    if province is not None:
        qs = qs.filter(center__province=province)
    found = {(r["center_id"], r["month"]): {k: r[k] for k in REPORT_FIELDS}
             for r in qs.values("center_id", "month", *REPORT_FIELDS)}
    rules = [(month, deadlines.reporting_rule(year, month, now)) for month in range(1, last_month + 1)]
    rows = []
    for center, owes in _centers(scope):
        cells = []
        for month, reporting in rules:
            r = found.get((center.pk, month), {})
            cells.append((r.get("status"), reporting(**r)))
        rows.append(GridRow(center=center, owes_report=owes, cells=cells))
    return rows


@dataclass
class SideBySide:
    sectors: list  # Sector
    totals: list  # Line per sector, the province's
    rows: list  # (CenterRef, [Line per sector])


@dataclass
class Focus:
    boards: list  # (TrainingArea, Board) for each area asked for
    sectors: SideBySide  # each center in each sector (the sector filter is ignored)


def focus(selection, areas, now=None):
    """A Board for each of a few training areas (with the selection's sector filter) and each
    center's progress in each sector, all from the same three queries."""
    scope = Selection(**{**selection.__dict__, "sector": None, "area": None})
    lines = _sums(scope, [("center", "sector", "area"), ("center", "sector")])
    centers = _centers(scope, reports=True)
    boards = []
    for area in areas:
        in_area = {}
        for (center_id, sector_id, area_id), line in lines[("center", "sector", "area")].items():
            if area_id == area.pk and (selection.sector is None or sector_id == selection.sector.pk):
                in_area.setdefault((center_id,), []).append(line)
        by_center = {key: Line.total_of(found, selection.month, key=key) for key, found in in_area.items()}
        scoped = Selection(**{**selection.__dict__, "area": area})
        boards.append((area, _board(scoped, by_center, [], [], now, centers=centers)))
    by_sector = lines[("center", "sector")]
    sectors = reference.lists().sectors
    rows = [(c, [by_sector.get((c.pk, s.pk)) or Line(month=scope.month) for s in sectors]) for c, _owes, _report in centers]
    totals = [Line.total_of((per_sector[i] for _center, per_sector in rows), scope.month, key=sector, label=local_name(sector))
              for i, sector in enumerate(sectors)]
    return Focus(boards=boards, sectors=SideBySide(sectors=sectors, totals=totals, rows=rows))
