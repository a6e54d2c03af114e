"""The monthly entry grid: one row per confirmed commitment of the center's year, and the checks
a typed value must pass before anything is saved (every door shares them: the form, the workbook
upload, the API and the DHIS2 import; the rules: docs/design.md, "What people type" and "Checking
numbers before approval"). check_entries reads each row, then checks the month as a whole
(reports.quality.checks: outliers and validation rules)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from centers.models import Center
from commitments.models import Commitment, FiscalYear
from payesh import display, jalali, limits
from payesh.ports import Port

from .models import Figure, MonthlyReport, ValidationRule
from .progress.statements import actual_to_date
from .quality.checks import month_issues
from .quality.history import History, load_history, target_limit
from .quality.issues import Issue, Line, entry_message
from .quality.rules import active_rules

# {center id: {(sector id, area id, measure code): value}} of the rows the course register derives
# in some centers' same month (courses/derive.py); the courses app, a floor above (it saves months
# through this grid), supplies it from its AppConfig.ready.
derived_figures_of: Port[[list[Center], int, int], dict[int, dict[tuple, int]]] = Port(
    "the course register's derived figures")


@dataclass
class GridRow:
    commitment: Commitment
    month_target: int
    actual_to_date: int  # A(m) of the row, from reports.progress.statements: counted reports of months 1..m
    saved: Figure | None = None
    derived: int | None = None  # from the course register; None when the row is typed
    issues: list[Issue] = field(default_factory=list)  # the saved figure's, when a page shows them (show_issues)

    @property
    def is_derived(self) -> bool:
        return self.derived is not None

    @property
    def key(self) -> tuple[int, int, int]:
        c = self.commitment
        return (c.sector_id, c.area_id, c.measure_id)

    @property
    def outlier_limit(self) -> float:
        return target_limit(self.month_target)

    def line(self, value: int, comment: str) -> Line:
        """The row with this figure, as the month's checks read it."""
        c = self.commitment
        return Line(key=self.key, sector=c.sector, area=c.area, measure=c.measure, value=value, comment=comment,
                    month_target=self.month_target, derived=self.is_derived)


@dataclass
class Grid:
    center: Center
    year: int
    month: int
    report: MonthlyReport | None
    rows: list[GridRow] = field(default_factory=list)
    year_closed: bool = False  # FiscalYear.closed: nothing of the year changes any more
    history: History | None = None  # the center's past months, loaded when a check needs them (with_history)

    @property
    def version(self) -> int:
        """What the form sends back: 0 while the month has no report yet."""
        return self.report.version if self.report else 0


def load_grid(center: Center, year: int, month: int) -> Grid:
    """The grid of a center's month in five queries, however many commitments it has (whether the
    year is closed rides along on the commitments; one more query only when there are none)."""
    return load_grids([(center, year, month)])[(center.pk, year, month)]


def load_grids(months: Iterable[tuple[Center, int, int]]) -> dict[tuple[int, int, int], Grid]:
    """The grids of many centers' months ([(center, year, month)]) at once: {(center id, year,
    month): Grid}, in three queries and two for each distinct (year, month), however many centers
    and commitments (one more when some center's year has no commitment)."""
    wanted_months = list(dict.fromkeys(months))
    if not wanted_months:
        return {}
    centers = list({center.pk: center for center, _y, _m in wanted_months}.values())
    years = {year for _c, year, _m in wanted_months}
    commitments: dict[tuple[int, int], list] = {}  # Commitments annotated with year_closed
    for c in (Commitment.objects.confirmed().filter(year__in=years, center__in=centers)
              .annotate(year_closed=Exists(FiscalYear.objects.filter(year=OuterRef("year"), closed=True)))
              .select_related("sector", "area", "measure")
              .order_by("sector__order", "area__order", "measure__order")):
        commitments.setdefault((c.center_id, c.year), []).append(c)
    bare = {year for center, year, _m in wanted_months if (center.pk, year) not in commitments}
    closed = set(FiscalYear.objects.filter(year__in=bare, closed=True).values_list("year", flat=True)) if bare else set()
    wanted = {(center.pk, year, month) for center, year, month in wanted_months}
    reports = {(r.center_id, r.year, r.month): r for r in MonthlyReport.objects.filter(
        center__in=centers, year__in=years, month__in={m for _c, _y, m in wanted_months}).select_related(
        "updated_by", "submitted_by", "approved_by", "returned_by", "reopened_by")
        if (r.center_id, r.year, r.month) in wanted}
    saved: dict[int, dict[tuple, Figure]] = {}
    if reports:
        for f in Figure.objects.filter(report__in=list(reports.values())):
            saved.setdefault(f.report_id, {})[(f.sector_id, f.area_id, f.measure_id)] = f
    actuals: dict[tuple, dict[tuple, int]] = {}
    derived: dict[tuple, dict[tuple, int]] = {}
    for year, month in {(year, month) for _c, year, month in wanted_months}:
        of_month = [center for center, y, m in wanted_months if (y, m) == (year, month)]
        by_row = actual_to_date(year, month, ["report__center_id", "sector_id", "area_id", "measure_id"],
                                report__center__in=of_month)
        for (center_id, *row), total in by_row.items():
            actuals.setdefault((center_id, year, month), {})[tuple(row)] = total
        for center_id, values in derived_figures_of(of_month, year, month).items():
            derived[(center_id, year, month)] = values
    grids: dict[tuple[int, int, int], Grid] = {}
    for center, year, month in wanted_months:
        key = (center.pk, year, month)
        own = commitments.get((center.pk, year), [])
        report = reports.get(key)
        figures, sums, courses = saved.get(report.pk, {}) if report else {}, actuals.get(key, {}), derived.get(key, {})
        rows = []
        for c in own:
            row_key = (c.sector_id, c.area_id, c.measure_id)
            rows.append(GridRow(commitment=c, month_target=c.phased_target(month), actual_to_date=sums.get(row_key, 0),
                                saved=figures.get(row_key), derived=courses.get((c.sector_id, c.area_id, c.measure.code))))
        year_closed = own[0].year_closed if own else year in closed
        grids[key] = Grid(center=center, year=year, month=month, report=report, rows=rows, year_closed=year_closed)
    return grids


@dataclass
class Entry:
    """What was typed for one row, after the checks."""

    value: int | None
    comment: str


def check_value(row: GridRow, text: str | None, comment: str | None) -> tuple[int | None, str | None]:
    """(whole number or None, message or None) for what was typed in one row; the month's checks
    (outliers, rules) come after, in check_entries."""
    if row.is_derived:
        return row.derived, None
    try:
        value = jalali.parse_whole_number(text, maximum=limits.FIGURE_MAX)
    except jalali.NumberError as error:
        return None, {
            "negative": _("A figure cannot be negative."),
            "fraction": _("Enter a whole number, without decimals."),
            "too_large": _("A figure is at most %(max)s.") % {"max": display.number(limits.FIGURE_MAX)},
        }.get(error.code, _("Enter a number, in Persian or Latin digits."))
    return value, None


def with_history(grids: Iterable[Grid]) -> None:
    """Load the centers' past months for the grids that lack them, in one query for them all."""
    missing = [grid for grid in grids if grid.history is None]
    if missing:
        history = load_history((grid.center.pk, grid.year, grid.month) for grid in missing)
        for grid in missing:
            grid.history = history


def month_issues_of(grid: Grid, entries: dict[int, Entry] | None = None,
                    rules: list[ValidationRule] | None = None) -> list[Issue]:
    """The issues of the month's figures: those of `entries` ({commitment pk: Entry}, checked row
    by row), or the saved ones when None. `rules`: the rules in force, when the caller has them."""
    lines = []
    for row in grid.rows:
        if entries is None:
            value, comment = (row.saved.value, row.saved.comment) if row.saved else (None, "")
        else:
            entry = entries.get(row.commitment.pk)
            value, comment = (entry.value, entry.comment) if entry else (None, "")
        if value is not None:
            lines.append(row.line(value, comment))
    if not lines:
        return []
    with_history([grid])
    assert grid.history is not None
    return month_issues(lines, grid.center.pk, grid.year, grid.month,
                        active_rules() if rules is None else rules, grid.history)


def issues_by_row(grid: Grid, issues: Iterable[Issue]) -> dict[int, list[Issue]]:
    """{commitment pk: [issues beside that row]}."""
    pks = {row.key: row.commitment.pk for row in grid.rows}
    found: dict[int, list[Issue]] = {}
    for issue in issues:
        for line in issue.lines:
            found.setdefault(pks[line.key], []).append(issue)
    return found


def show_issues(grid: Grid) -> list[Issue]:
    """The saved month's issues, each also put beside its rows (GridRow.issues), for the page."""
    issues = month_issues_of(grid)
    by_row = issues_by_row(grid, issues)
    for row in grid.rows:
        row.issues = by_row.get(row.commitment.pk, [])
    return issues


def check_entries(grid: Grid, typed: dict[int, tuple[str | None, str | None]],
                  rules: list[ValidationRule] | None = None, whole_month: bool = True
                  ) -> tuple[dict[int, Entry], dict[int, str]]:
    """typed: {commitment pk: (text, comment)} -> ({pk: Entry}, {pk: message}). Each row is read,
    then the month is checked as a whole: an error, or a warning no comment confirms, puts its
    message beside every row it names (an issue of course-register rows only is the register's
    own, which nobody types here). `rules`: the rules in force, when the caller has them;
    whole_month=False reads the rows only (whether a file changes a month at all)."""
    entries, errors = {}, {}
    for row in grid.rows:
        text, comment = typed.get(row.commitment.pk, ("", ""))
        value, message = check_value(row, text, comment)
        if message:
            errors[row.commitment.pk] = message
        else:
            entries[row.commitment.pk] = Entry(value=value, comment=(comment or "").strip())
    if not whole_month:
        return entries, errors
    blocking = [issue for issue in month_issues_of(grid, entries, rules)
                if issue.blocks and not all(line.derived for line in issue.lines)]
    for pk, issues in issues_by_row(grid, blocking).items():
        entries.pop(pk, None)
        errors[pk] = entry_message(issues)
    return entries, errors


def register_entries(grid: Grid, previously_derived: Iterable[tuple] = ()) -> dict[int, Entry]:
    """After a change to the course register: {pk: Entry} with each derived row's value, and a
    blank for a row whose sector and area lost their last course (previously_derived: row keys),
    so it is typed again instead of keeping a number nobody typed."""
    entries = {}
    for row in grid.rows:
        comment = row.saved.comment if row.saved else ""
        if row.is_derived:
            entries[row.commitment.pk] = Entry(value=row.derived, comment=comment)
        elif row.key in previously_derived:
            entries[row.commitment.pk] = Entry(value=None, comment="")
    return entries


def missing_for_submit(grid: Grid, entries: dict[int, Entry]) -> list[GridRow]:
    """Rows still blank: a month is submitted only when every commitment has its figure."""
    return [row for row in grid.rows if entries.get(row.commitment.pk) is None
            or entries[row.commitment.pk].value is None]
