"""The grouped statements every progress number comes from, whatever the number of centers and
months: one over the commitments in force, one over the counted figures (docs/design.md,
"Progress: one engine", says which rows those are; the querysets that pick them stay the ORM's:
Commitment.objects.in_force, counted_figures).

Each statement groups by several sets of keys at once (on PostgreSQL with GROUPING SETS, so the
table is read once for the centers and for the sectors and areas; elsewhere with UNION ALL) and
turns the months into columns (conditional sums), so a center comes back as one row with its
twelve sums. `actual_to_date` is the one place A(m) is added up for the pages that are not
dashboards (the entry grid, the allocation by last year's actuals, the review queue).

Two rules shape the columns (docs/design.md, "The running month" and "Work outside the
commitments"): an open month's phased target is due for a center only once its report counts
(the "undue" columns: what is not due yet), and a counted figure on a row without a commitment in
force is work outside the commitments (its own column, never in the actual).
"""

import datetime
import functools
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import BigIntegerField, Case, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When

from centers.models import Center
from commitments.models import MONTHS, Commitment
from reports.models import COUNTED_STATUSES, Figure, MonthlyReport

from . import as_of
from .line import Line
from .selection import Selection

KEYS = ("center", "sector", "area", "month", "province")  # the keys a set may group by, in this order
COLUMNS = ("c", "s", "a", "mo", "pr")  # their columns in the rows the statements group

Keys = tuple[str, ...]  # a set of keys, e.g. ("center",) or ("sector", "area", "month")
LinesByKey = dict[tuple, Line]


def counted_figures(statuses: Sequence[str] = COUNTED_STATUSES) -> QuerySet[Figure]:
    """The figures actuals are made of: those of counted reports (submitted and approved, or
    approved only when asked). Drafts and returned reports never count."""
    return Figure.objects.filter(report__status__in=statuses)


def split_by_commitment(figures: tuple[str, Sequence], columns: Sequence[str], commitments: tuple[str, Sequence],
                        keys: Sequence[str]) -> tuple[str, tuple]:
    """(SQL, params) of figures ((SQL, params) of `columns` and their value v) with a column i:
    1 when the figure's row (its `keys`) has a commitment in force (v is inside the commitments),
    0 when it has none (v is outside them): VALUE_INSIDE and VALUE_OUTSIDE. `commitments` selects
    the keys of the commitments in force of the same scope: an uncorrelated IN, which the database
    answers from one hash (or index) of them whatever the number of figures (a join of the two
    was planned as a sort of every figure)."""
    (figures_sql, figures_params), (commitments_sql, commitments_params) = figures, commitments
    inside = f"({', '.join(f'f.{key}' for key in keys)}) IN ({commitments_sql})"
    kept = ", ".join(f"f.{column}" for column in (*columns, "v"))
    return f"SELECT {kept}, CASE WHEN {inside} THEN 1 ELSE 0 END AS i FROM ({figures_sql}) f", (*commitments_params, *figures_params)


VALUE_INSIDE, VALUE_OUTSIDE = "v * i", "v * (1 - i)"  # a figure's value inside and outside the commitments


def undue(months_by_year: Mapping[int, Sequence[int]], statuses: Sequence[str],
          now: datetime.datetime | None = None) -> dict[str, Case | Value]:
    """Expressions u1..u12 of a commitment: the part of each month's phased target not due yet (an
    open month of its year that the commitment's center has not reported; as_of.py)."""
    values = {}
    for m in MONTHS:
        when = []
        for year, months in months_by_year.items():
            if m not in months:
                continue
            reported = Exists(MonthlyReport.objects.filter(center=OuterRef("center"), year=year, month=m, status__in=statuses))
            # a month that has not begun has no report yet
            when.append(When(Q(year=year) & ~reported if as_of.has_begun(year, m, now) else Q(year=year), then=F(f"phased_{m}")))
        values[f"u{m}"] = Case(*when, default=Value(0), output_field=BigIntegerField()) if when else Value(0)
    return values


def sums(figures: QuerySet[Figure], keys: Sequence[str]) -> dict[tuple, int]:
    """{(key values): sum of the figures} grouped by `keys` (Figure lookups), in one query."""
    rows = figures.values(*keys).annotate(total=Sum("value")).order_by()
    return {tuple(row[k] for k in keys): row["total"] or 0 for row in rows}


def actual_to_date(year: int, month: int, keys: Sequence[str], statuses: Sequence[str] = COUNTED_STATUSES,
                   **filters: Any) -> dict[tuple, int]:
    """A(m) grouped by `keys`: the counted figures of months 1..month of the year, narrowed by
    `filters` (Figure lookups), in one query. For example, a center's A(m) by row of its grid:
    actual_to_date(1405, 3, ["sector_id", "area_id", "measure_id"], report__center=center)."""
    return sums(counted_figures(statuses).filter(report__year=year, report__month__lte=month, **filters), keys)


# --- the board's statements: one year, grouped by sets of keys ------------------------------------


def _used(sets: Iterable[Keys]) -> list[str]:
    """The keys some set groups by, in KEYS order."""
    sets = list(sets)
    return [k for k in KEYS if any(k in keys for keys in sets)]


def _set_masks(sets: list[Keys]) -> dict[int, Keys]:
    """GROUPING() of each set over the keys in use: a bit for each of them the set leaves out."""
    used = _used(sets)
    return {sum(1 << (len(used) - 1 - i) for i, key in enumerate(used) if key not in keys): keys for keys in sets}


def _grouped(base: QuerySet, sets: list[Keys], select: str, select_params: Sequence = (),
             commitments: QuerySet | None = None, areas: Mapping[Keys, Collection[int]] | None = None) -> list[tuple]:
    """Rows (mask, center, sector, area, month, province, *select) of `base`, grouped by each set
    of keys in one statement (a key no set groups by reads NULL). `base` is a queryset of values c
    (center), s (sector), a (area), mo (month, for figures), pr (province, when a set groups by it)
    and whatever `select` adds up: it holds the
    rules (which commitments are in force, which figures count), this only groups them. Figures
    (values c, s, a, mo, v) given with their scope's `commitments` in force (values c, s, a) are
    told inside and outside the commitments (i: split_by_commitment; VALUE_INSIDE, VALUE_OUTSIDE).
    `areas` ({set: area ids}) keeps a set grouped by area to the rows of those areas."""
    base = base.order_by()
    connection = connections[base.db]  # where the router reads it (a dashboard: the replica once it caught up)
    base_sql, base_params = base.query.get_compiler(connection=connection).as_sql()
    if commitments is not None:
        base_sql, base_params = split_by_commitment(
            (base_sql, base_params), ("c", "s", "a", "mo", *(("pr",) if "province" in _used(sets) else ())),
            commitments.order_by().query.get_compiler(connection=connection).as_sql(), ("c", "s", "a"))
    columns = dict(zip(KEYS, COLUMNS))

    def keys_of(keys: Iterable[str]) -> str:
        return ", ".join(columns[k] if k in keys else "NULL" for k in KEYS)

    masks = {keys: mask for mask, keys in _set_masks(sets).items()}
    kept = {keys: ", ".join(str(int(pk)) for pk in sorted(set(areas[keys])) or [0])
            for keys in sets if areas and keys in areas and "area" in keys}  # (0: no area's id)
    if connection.vendor == "postgresql":
        grouping = ", ".join(f"({', '.join(columns[k] for k in keys)})" for keys in sets)
        mask = f"GROUPING({', '.join(columns[k] for k in _used(sets))})"
        having = " AND ".join(f"({mask} <> {masks[keys]} OR a IN ({ids}))" for keys, ids in kept.items())
        sql = (f"WITH base AS ({base_sql}) SELECT {mask}, {keys_of(_used(sets))}, {select} FROM base "
               f"GROUP BY GROUPING SETS ({grouping})" + (f" HAVING {having}" if having else ""))
        params = [*base_params, *select_params]
    else:
        branches = [f"SELECT {masks[keys]}, {keys_of(keys)}, {select} FROM base"
                    + (f" WHERE a IN ({kept[keys]})" if keys in kept else "") + f" GROUP BY {', '.join(columns[k] for k in keys)}"
                    for keys in sets]
        sql = f"WITH base AS ({base_sql}) " + " UNION ALL ".join(branches)
        params = [*base_params, *list(select_params) * len(sets)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _filtered(queryset: QuerySet, selection: Selection) -> QuerySet:
    """Narrowed to the selection's sector and training area, when it has them."""
    for name in ("sector", "area"):
        if getattr(selection, name) is not None:
            queryset = queryset.filter(**{name: getattr(selection, name)})
    return queryset


def _scoped(queryset: QuerySet, selection: Selection, center: Any, center_field: str) -> QuerySet:
    """Narrowed to one center, or to the selection's province."""
    if center is not None:
        return queryset.filter(**{center_field: center})
    if selection.province is not None:
        return queryset.filter(**{f"{center_field}__province": selection.province})
    if selection.provinces:
        return queryset.filter(**{f"{center_field}__province__in": selection.provinces})
    return queryset


def _commitments(selection: Selection, center: Any = None) -> QuerySet[Commitment]:
    """The selection's commitments in force, in its scope (a center, a province, the country)."""
    commitments = _filtered(Commitment.objects.in_force(selection.year).filter(measure=selection.measure), selection)
    return _scoped(commitments, selection, center, "center")


def _commitment_keys(selection: Selection, center: Any = None) -> QuerySet[Commitment]:
    """The commitments in force that figures of active centers can be on (_commitments without
    reading the centers: a figure counts only for an active center, whose confirmed commitments
    are in force)."""
    commitments = _filtered(Commitment.objects.confirmed().filter(year=selection.year, measure=selection.measure), selection)
    return _scoped(commitments, selection, center, "center")


def _phased_rows(selection: Selection, sets: list[Keys], center: Any = None, open_months: Sequence[int] = (),
                 now: datetime.datetime | None = None, areas: Mapping[Keys, Collection[int]] | None = None) -> list[tuple]:
    """Rows (mask, center, sector, area, month (NULL), p1..p12, then u of each open month) of the
    selection's commitments in force (a commitment's months are its columns: sets are grouped
    without "month"); u: the open month's target of the centers that have not reported it."""
    commitments = _commitments(selection, center)
    not_due = undue({selection.year: open_months}, selection.counted_statuses(), now)
    base = commitments.values(
        c=F("center_id"), s=F("sector_id"), a=F("area_id"), **_province_column(sets, "center__province_id"),
        **{f"p{m}": F(f"phased_{m}") for m in MONTHS},
        **{f"u{m}": not_due[f"u{m}"] for m in open_months})
    return _grouped(base, sets, ", ".join([*(f"CAST(SUM(p{m}) AS BIGINT)" for m in MONTHS),
                                           *(f"CAST(SUM(u{m}) AS BIGINT)" for m in open_months)]), areas=areas)


def _actual_rows(selection: Selection, sets: list[Keys], center: Any = None, centers: Any = None,
                 areas: Mapping[Keys, Collection[int]] | None = None) -> list[tuple]:
    """Rows (mask, center, sector, area, month, actual, outside) of the counted figures of months
    1..m: A(m) and the work outside the commitments to date for a set without "month", the
    month's for a set with it."""
    figures = _filtered(counted_figures(selection.counted_statuses()).filter(
        report__year=selection.year, report__month__lte=selection.month, report__center__active=True,
        measure=selection.measure), selection)
    commitments = _commitment_keys(selection, center)
    if centers is not None:
        figures, commitments = figures.filter(report__center__in=centers), commitments.filter(center__in=centers)
    base = _scoped(figures, selection, center, "report__center").values(
        c=F("report__center_id"), s=F("sector_id"), a=F("area_id"), mo=F("report__month"), v=F("value"),
        **_province_column(sets, "report__center__province_id"))
    keys = commitments.values(c=F("center_id"), s=F("sector_id"), a=F("area_id"))
    return _grouped(base, sets, f"CAST(SUM({VALUE_INSIDE}) AS BIGINT), CAST(SUM({VALUE_OUTSIDE}) AS BIGINT)", commitments=keys,
                    areas=areas)


def _province_column(sets: list[Keys], lookup: str) -> dict[str, F]:
    """The province column (pr) of a statement's rows, when a set groups by province."""
    return {"pr": F(lookup)} if any("province" in keys for keys in sets) else {}


@functools.cache
def _key_positions(keys: Keys) -> tuple[int, ...]:
    """Where a set's key values (not its month) stand in a row of KEYS (center, sector, area,
    month, province)."""
    return tuple(i for i, k in enumerate(KEYS) if k in keys and k != "month")


def _key_of(keys: Keys, row: Sequence) -> tuple:
    positions = _key_positions(keys)
    return (row[positions[0]],) if len(positions) == 1 else tuple(row[i] for i in positions)


def lines(selection: Selection, sets: Iterable[Keys], center: Any = None,
          now: datetime.datetime | None = None, areas: Mapping[Keys, Collection[int]] | None = None) -> dict[Keys, LinesByKey]:
    """Every Line of the selection for each set of keys ({keys: {key tuple: Line}}), as of its
    month at `now` (as_of.py: an open month is due once reported), in two statements whatever the
    number of centers. A set with "month" (("sector", "area", "month")) gives Lines month by
    month, keyed without the month; one without gives A(m) only, which is cheaper to add up (a
    Line's months can be read later: fill_months). A key has a Line when it has a commitment of
    the selection or a counted figure (inside or outside the commitments). `areas` ({set: area
    ids}) keeps a set grouped by area to the lines of those areas (the focus page: two areas of the
    centers' lines by sector and area; the other sets still add up every area)."""
    sets = [tuple(keys) for keys in sets]
    plain = {keys: tuple(k for k in keys if k != "month") for keys in sets}
    phased_masks, actual_masks = _set_masks(list(dict.fromkeys(plain.values()))), _set_masks(sets)
    phased: dict[Keys, dict] = {keys: {} for keys in plain.values()}
    not_due: dict[Keys, dict] = {keys: {} for keys in plain.values()}
    actual: dict[Keys, dict] = {keys: {} for keys in sets}
    outside: dict[Keys, dict] = {keys: {} for keys in sets}
    open_months = as_of.open_months(selection.year, selection.month, now)

    n = len(KEYS)
    areas = areas or {}
    for mask, *row in _phased_rows(selection, list(phased), center, open_months, now,
                                   {plain[keys]: ids for keys, ids in areas.items() if keys in plain}):
        keys = phased_masks[mask]
        key = _key_of(keys, row[:n])
        phased[keys][key] = row[n:n + 12]
        if open_months:
            not_due[keys][key] = [0] * 12
            for m, value in zip(open_months, row[n + 12:]):
                not_due[keys][key][m - 1] = value
    for mask, *row, total, out in _actual_rows(selection, sets, center, areas=areas):
        keys = actual_masks[mask]
        key = _key_of(keys, row)
        if "month" in keys:
            actual[keys].setdefault(key, [0] * 12)[row[3] - 1] = total
            outside[keys].setdefault(key, [0] * 12)[row[3] - 1] = out
        else:
            actual[keys][key], outside[keys][key] = total, out
    zeros = [0] * 12
    found = {}
    for keys in sets:
        monthly = "month" in keys
        done, out, planned, later = actual[keys], outside[keys], phased[plain[keys]], not_due[plain[keys]]
        found[keys] = {key: Line(key=key, month=selection.month, phased=planned.get(key, zeros), undue=later.get(key, zeros),
                                 monthly=done.get(key, zeros) if monthly else None,
                                 actual_to_date=0 if monthly else done.get(key, 0),
                                 outside_monthly=out.get(key, zeros) if monthly else None,
                                 outside_to_date=0 if monthly else out.get(key, 0))
                       for key in planned.keys() | done.keys()}
    return found


def fill_months(selection: Selection, centers_lines: Iterable[Line]) -> None:
    """Give Lines of centers added up to date only (keys (center id,)) their months, in one query."""
    wanted = {ln.key[0]: ln for ln in centers_lines if ln.monthly is None}
    if not wanted:
        return
    months = {center_id: [0] * 12 for center_id in wanted}
    outside = {center_id: [0] * 12 for center_id in wanted}
    sets: list[Keys] = [("center", "month")]
    for _mask, center_id, _sector, _area, month, _province, total, out in _actual_rows(selection, sets, centers=list(wanted)):
        months[center_id][month - 1], outside[center_id][month - 1] = total, out
    for center_id, line in wanted.items():
        line.monthly, line.outside_monthly = months[center_id], outside[center_id]
        line.settle()


# --- several years at once (years.py: year over year, the years of record; a center's page) -------

YEAR_KEYS = ("center", "sector", "area")  # what a year's Lines may be keyed by, besides the year
TARGETS, ACTUALS, UNDUE, OUTSIDE = 0, 1, 2, 3  # the kinds of rows of lines_by_year's statement


def _sql(queryset: QuerySet) -> tuple[str, tuple, Any]:
    queryset = queryset.order_by()
    connection = connections[queryset.db]  # as _grouped: the replica once it caught up
    return (*queryset.query.get_compiler(connection=connection).as_sql(), connection)


def _years_statement(commitments: QuerySet, figures: QuerySet, sets: list[Keys], narrow: dict) -> tuple[str, list, Any]:
    """The statement of lines_by_year: rows (the kind: TARGETS, ACTUALS, UNDUE or OUTSIDE, the
    set's index, year, center, sector, area, twelve months)."""
    phased_sql, phased_params, connection = _sql(commitments.values(
        y=F("year"), c=F("center_id"), s=F("sector_id"), a=F("area_id"), **{f"p{m}": F(f"phased_{m}") for m in MONTHS},
        **{f"u{m}": F(f"u{m}") for m in MONTHS}))
    actual_sql, actual_params, _connection = _sql(figures.values(
        y=F("report__year"), c=F("report__center_id"), s=F("sector_id"), a=F("area_id"), mo=F("report__month"), v=F("value")))
    keys_sql, keys_params, _connection = _sql(commitments.values(y=F("year"), c=F("center_id"), s=F("sector_id"), a=F("area_id")))
    actual_sql, actual_params = split_by_commitment((actual_sql, actual_params), ("y", "c", "s", "a", "mo"),
                                                    (keys_sql, keys_params), ("y", "c", "s", "a"))
    if connection.vendor == "postgresql":
        # A fence (OFFSET 0): PostgreSQL would otherwise pull the subquery up and copy its i (the
        # IN of the commitments) into each of the 24 month sums below, building and probing 24
        # hashes of the commitments a figure instead of one (a province's last year: 9 ms, not 2).
        actual_sql = f"{actual_sql} OFFSET 0"
    # Each is read once, added up by year and the keys some set uses (gp, gf: a few rows per center
    # and year at most); each set then adds up those rows, narrowed to a year or a center when asked.
    columns = dict(zip(YEAR_KEYS, ("c", "s", "a")))
    used = [k for k in YEAR_KEYS if any(k in keys for keys in sets) or any(k in only for only in narrow.values())]
    kept = ", ".join(["y", *(columns[k] for k in used)])
    sums = ", ".join([*(f"SUM(p{m}) AS p{m}" for m in MONTHS), *(f"SUM(u{m}) AS u{m}" for m in MONTHS)])
    by_month = ", ".join([*(f"SUM(CASE WHEN mo = {m} THEN {VALUE_INSIDE} ELSE 0 END) AS p{m}" for m in MONTHS),
                          *(f"SUM(CASE WHEN mo = {m} THEN {VALUE_OUTSIDE} ELSE 0 END) AS u{m}" for m in MONTHS)])
    branches = []
    for i, keys in enumerate(sets):
        chosen = ", ".join(columns[k] if k in keys else "CAST(NULL AS BIGINT)" for k in YEAR_KEYS)
        group = ", ".join(["y", *(columns[k] for k in YEAR_KEYS if k in keys)])
        only = narrow.get(keys, {})
        conditions = [f"y = {int(only['year'])}"] if "year" in only else []
        conditions += [f"c = {int(only['center'])}"] if "center" in only else []
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        for kind, table, column in ((TARGETS, "gp", "p"), (ACTUALS, "gf", "p"), (UNDUE, "gp", "u"), (OUTSIDE, "gf", "u")):
            months = ", ".join(f"CAST(SUM({column}{m}) AS BIGINT)" for m in MONTHS)
            branches.append(f"SELECT {kind}, {i}, y, {chosen}, {months} FROM {table}{where} GROUP BY {group}")
    sql = (f"WITH gp AS (SELECT {kept}, {sums} FROM ({phased_sql}) p GROUP BY {kept}), "
           f"gf AS (SELECT {kept}, {by_month} FROM ({actual_sql}) f GROUP BY {kept}) " + " UNION ALL ".join(branches))
    return sql, [*phased_params, *actual_params], connection


def _years_rows(selection: Selection, years: list[int], center: Any, to_month: int,
                now: datetime.datetime | None = None) -> tuple[QuerySet, QuerySet]:
    """(the commitments in force, with what is not due yet of each month (u1..u12); the counted
    figures) of the years, in the selection's scope (a center, a province, or the country) and
    filters: the same rows count as in `lines`."""
    # On SQLite the scope's active centers, and their reports, are read first: commitments and figures are
    # then found by center and by report (otherwise SQLite reads every commitment or figure of
    # the measure in the country and drops the other provinces').
    # PostgreSQL is given plain joins, as the board's statement: with the statistics of tables just
    # filled (a restore, a test), it planned the semi-joins as nested loops over every figure and
    # report (minutes); its joins by index are fast either way.
    scope = {"pk": center.pk} if center is not None else {"province": selection.province} if selection.province else {}
    figures = counted_figures(selection.counted_statuses()).filter(measure=selection.measure)
    commitments = Commitment.objects.in_force_in(years).filter(measure=selection.measure)
    if scope and connections[router.db_for_read(Figure)].vendor == "sqlite":
        centers = Center.objects.active().filter(**scope)
        commitments = commitments.filter(center__in=centers)
        figures = figures.filter(report__in=MonthlyReport.objects.filter(year__in=years, month__lte=to_month, center__in=centers))
    else:
        commitments = commitments.filter(**{f"center__{k}": v for k, v in scope.items()})
        figures = figures.filter(report__year__in=years, report__month__lte=to_month, report__center__active=True,
                                 **{f"report__center__{k}": v for k, v in scope.items()})
    open_months = {year: as_of.open_months(year, 12, now) for year in years}
    commitments = commitments.annotate(**undue(open_months, selection.counted_statuses(), now))
    return _filtered(commitments, selection), _filtered(figures, selection)


def lines_by_year(selection: Selection, years: Iterable[int], sets: Iterable[Keys], center: Any = None,
                  narrow: dict | None = None, to_month: int = 12,
                  now: datetime.datetime | None = None) -> dict[int, dict[Keys, LinesByKey]]:
    """{year: {keys: {key: Line}}} of each of `years`, for the selection's measure, filters and
    scope (a center, a province, or the country), month by month over the whole year (month 12;
    Line.at_month gives a line as of another month). Each set of keys is a tuple of YEAR_KEYS
    (("center",), ("sector",), ...). One statement whatever the number of years, centers and
    sets: a commitment's months are its columns, and figures are turned into twelve month
    columns by conditional sums, so targets and actuals come back in the same shape.
    `narrow` ({keys: {"year": y} or {"center": id}}) keeps a set to one year or one center of the
    scope (a center's page: its province's centers this year, its own sectors and areas every year).
    `to_month` leaves out the figures of later months (their targets stay: a Line's months).
    A month still open at `now` is due for a center once reported (as_of.py)."""
    years = sorted(set(years))
    sets = [tuple(keys) for keys in sets]
    commitments, figures = _years_rows(selection, years, center, to_month, now)
    sql, params, connection = _years_statement(commitments, figures, sets, narrow or {})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found: dict[tuple, list] = {}
    for kind, i, year, *values in rows:
        keyed, monthly = values[:len(YEAR_KEYS)], values[len(YEAR_KEYS):]
        key = tuple(v for k, v in zip(YEAR_KEYS, keyed) if k in sets[i])
        found.setdefault((year, i, key), [None] * 4)[kind] = [int(v or 0) for v in monthly]
    by_year: dict[int, dict[Keys, LinesByKey]] = {year: {keys: {} for keys in sets} for year in years}
    zeros = [0] * 12
    for (year, i, key), (planned, done, later, outside) in found.items():
        by_year[year][sets[i]][key] = Line(key=key, month=12, phased=planned or zeros, monthly=done or zeros,
                                           undue=later or zeros, outside_monthly=outside or zeros)
    return by_year
