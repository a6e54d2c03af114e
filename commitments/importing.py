"""Checking an uploaded commitments workbook, whole, before anything is written.

Every problem is reported with its row and column; the caller writes only when there is none
(services.import_commitments). Numbers accept Persian, Arabic-Indic and Latin digits.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from centers.models import Center
from payesh import display, jalali, limits
from payesh.xlsx import UnsafeWorkbook

from . import workbook
from .models import Commitment, CommitmentStatus, FiscalYear, Measure, Sector, TrainingArea, year_has_started

# Weights may add up to 1 or 100 within what typing 0.0833 or 8.33 twelve times loses.
SUM_TOLERANCE = {Decimal(1): Decimal("0.001"), Decimal(100): Decimal("0.1")}


@dataclass(frozen=True)
class Problem:
    row: int  # as the spreadsheet numbers it (the header is row 1); 0 for the whole file
    column: str  # letter, "" for the whole row or file
    header: str
    message: str


class WorkbookInvalid(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass
class ImportRow:
    number: int
    year: int
    center: Center
    sector: Sector
    area: TrainingArea
    measure: Measure
    target: int
    letter_number: str
    letter_date: datetime.date
    reason: str
    weights: list  # 12 Decimals, or None for "keep the phasing / even"

    @property
    def key(self):
        return (self.year, self.center.pk, self.sector.pk, self.area.pk, self.measure.pk)


def parse_number(value):
    """A decimal number as typed: '8.33', '۸٫۳۳', '8.33%', 0.0833 -> a finite Decimal;
    ValueError otherwise (text, 'nan', 'inf', an exponent out of any range)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(value)
    else:
        text = jalali.to_latin_digits(workbook.cell_text(value)).replace(jalali.PERSIAN_DECIMAL, ".")
        text = text.replace("%", "").replace("٪", "").strip()
    if len(text) > 40:
        raise ValueError("too long")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not number.is_finite():
        raise ValueError("not finite")
    return number


class WeightOutOfRange(ValueError):
    """A number, but not one a weight can be."""


def parse_weight(value):
    """A phasing weight as typed (any scale): a Decimal of 0, or of limits.WEIGHT_MIN up to
    limits.WEIGHT_MAX, so that it survives being stored as a float; ValueError otherwise
    (WeightOutOfRange for a number outside that range)."""
    number = parse_number(value)
    if number < 0:
        raise ValueError("negative")
    if number > limits.WEIGHT_MAX or 0 < number < limits.WEIGHT_MIN:
        raise WeightOutOfRange("out of range")
    return number


def weight_range_message():
    return _("A weight is 0, or a number from %(min)s to %(max)s.") % {
        "min": display.number(limits.WEIGHT_MIN, 6), "max": display.number(limits.WEIGHT_MAX)}


class Checker:
    """Turns sheet rows into ImportRows, collecting every problem on the way."""

    def __init__(self, sheet, today=None, centers=None):
        self.sheet = sheet
        self.today = today
        self.problems = []
        # another province's center reads as unknown: its planners import their own only
        self.centers = {c.code.casefold(): c for c in (centers if centers is not None else Center.objects.all())}
        self.sectors = {s.code.casefold(): s for s in Sector.objects.all()}
        self.areas = {a.code.casefold(): a for a in TrainingArea.objects.all()}
        self.measures = {m.code.casefold(): m for m in Measure.objects.all()}
        self.years = {y.year: y for y in FiscalYear.objects.all()}

    header_of = workbook.HEADER_OF  # a field's header, as the sheet names it

    def problem(self, row, field, message):
        column = self.sheet.columns.get(field, "")
        self.problems.append(Problem(row.number, column, self.header_of.get(field, ""), message))

    def no_rows(self):
        return _("The workbook has no rows of commitments.")

    def same_key(self, first):
        """(the field to mark, the message) for a row whose key the row numbered `first` has."""
        return "center", _("Row %(row)s has the same year, center, sector, area and measure.") % {"row": display.digits(first)}

    def text(self, row, field):
        return workbook.cell_text(row.cells.get(field))

    def required(self, row, field):
        text = self.text(row, field)
        if text == "":
            self.problem(row, field, _("This cell is required."))
        return text

    def whole_number(self, row, field, maximum):
        value = row.cells.get(field)
        if workbook.cell_text(value) == "":
            self.problem(row, field, _("This cell is required."))
            return None
        try:
            return jalali.parse_whole_number(value if isinstance(value, (int, float)) else workbook.cell_text(value),
                                             maximum=maximum)
        except jalali.NumberError as exc:
            message = {
                "negative": _("The number is negative; a target is zero or more."),
                "fraction": _("The number has a fraction; a target is a whole number."),
                "too_large": _("The number is more than %(max)s, the largest this column takes.") % {
                    "max": display.number(maximum)},
            }.get(exc.code, _("“%(value)s” is not a number.") % {"value": Truncator(workbook.cell_text(value)).chars(40)})
            self.problem(row, field, message)
            return None

    def short_text(self, row, field, max_length):
        """A required text cell of at most max_length characters (the database column's)."""
        text = self.required(row, field)
        if len(text) > max_length:
            self.problem(row, field, _("This cell has %(length)s characters; at most %(max)s fit.") % {
                "length": display.number(len(text)), "max": display.number(max_length)})
            return None
        return text

    def code(self, row, field, table, message):
        text = self.required(row, field)
        if text and text.casefold() not in table:
            self.problem(row, field, message % {"code": text})
            return None
        return table.get(text.casefold()) if text else None

    def year(self, row):
        year = self.whole_number(row, "year", maximum=None)
        if year is None:
            return None
        if not limits.YEAR_MIN <= year <= limits.YEAR_MAX:
            self.problem(row, "year", _("%(year)s is not a Jalali year.") % {"year": Truncator(year).chars(40)})
            return None
        if year in self.years and self.years[year].closed:
            self.problem(row, "year", _("The year %(year)s is closed; its commitments no longer change.") % {"year": year})
            return None
        return year

    def letter_date(self, row):
        text = self.required(row, "letter_date")
        if not text:
            return None
        try:
            return jalali.parse_jalali_date(text)
        except ValueError:
            self.problem(row, "letter_date", _("“%(value)s” is not a date of the Jalali calendar (like 1405/01/31).") % {"value": text})
            return None

    def weights(self, row, target):
        texts = [self.text(row, f"w{m}") for m in workbook.MONTHS]
        if all(t == "" for t in texts):
            return None
        weights = []
        for m, text in zip(workbook.MONTHS, texts):
            field = f"w{m}"
            if text == "":
                self.problem(row, field, _("Fill all 12 monthly weights, or none for even phasing."))
                return None
            try:
                weights.append(parse_weight(row.cells.get(field)))
            except WeightOutOfRange:
                self.problem(row, field, weight_range_message())
                return None
            except ValueError:
                self.problem(row, field, _("“%(value)s” is not a weight (a number of zero or more).") % {
                    "value": Truncator(text).chars(40)})
                return None
        total = sum(weights)
        fits = any(abs(total - goal) <= tol for goal, tol in SUM_TOLERANCE.items())
        if target is not None and total == target and total > 0:
            fits = True
        if not fits:
            self.problem(row, "w1", _("The monthly weights add up to %(sum)s; they must add up to 1 or 100 (%%), or to the annual target.") % {"sum": display.digits(f"{total.normalize():f}")})
            return None
        return weights

    def row(self, row):
        before = len(self.problems)
        year = self.year(row)
        center = self.code(row, "center", self.centers, _("Unknown center code “%(code)s”."))
        sector = self.code(row, "sector", self.sectors, _("Unknown sector code “%(code)s”."))
        area = self.code(row, "area", self.areas, _("Unknown training area code “%(code)s”."))
        measure = self.code(row, "measure", self.measures, _("Unknown measure code “%(code)s”."))
        target = self.whole_number(row, "target", maximum=limits.TARGET_MAX)
        letter_number = self.short_text(row, "letter_number", Commitment._meta.get_field("letter_number").max_length)
        letter_date = self.letter_date(row)
        weights = self.weights(row, target)
        if len(self.problems) > before:
            return None
        return ImportRow(row.number, year, center, sector, area, measure, target, letter_number, letter_date,
                         self.text(row, "reason"), weights)

    def check(self):
        if self.sheet.missing:
            for field in self.sheet.missing:
                self.problems.append(Problem(1, "", self.header_of[field], _("The column “%(header)s” is missing from the header row.") % {"header": self.header_of[field]}))
            return []
        if not self.sheet.rows:
            self.problems.append(Problem(0, "", "", self.no_rows()))
            return []
        rows, first_of = [], {}
        for sheet_row in self.sheet.rows:
            parsed = self.row(sheet_row)
            if parsed is None:
                continue
            if parsed.key in first_of:
                self.problem(sheet_row, *self.same_key(first_of[parsed.key]))
                continue
            first_of[parsed.key] = parsed.number
            rows.append(parsed)
        self.check_revisions(rows)
        return rows

    def check_revisions(self, rows):
        """A changed target of a year that has started is a revision: it needs its reason."""
        years = {r.year for r in rows}
        targets = {
            (c.year, c.center_id, c.sector_id, c.area_id, c.measure_id): (c.target, c.status)
            for c in Commitment.objects.filter(year__in=years).only("year", "center", "sector", "area", "measure", "target", "status")
        }
        for r in rows:
            old = targets.get(r.key)
            if old and old[1] == CommitmentStatus.CONFIRMED and old[0] != r.target and year_has_started(r.year, self.today) and not r.reason:
                self.problems.append(Problem(r.number, self.sheet.columns.get("reason", ""), workbook.HEADER_OF["reason"],
                                             _("The target changes from %(old)s in a year that has started: give the reason.") % {"old": display.number(old[0])}))


def check_workbook(data, today=None, centers=None):
    """The rows of an uploaded workbook, every one valid (of `centers`, a queryset, when given);
    or WorkbookInvalid with all problems."""
    return checked(lambda: workbook.read_sheet(data), lambda sheet: Checker(sheet, today, centers))


def checked(read, checker_of):
    """The rows a Checker (`checker_of(sheet)`) finds in the sheet `read()` gives, every one valid;
    or WorkbookInvalid with all problems (an unsafe or unreadable file is one)."""
    try:
        sheet = read()
    except UnsafeWorkbook as problem:
        raise WorkbookInvalid([Problem(0, "", "", str(problem))]) from None
    except ValueError:
        raise WorkbookInvalid([Problem(0, "", "", _("The file is not an Excel (XLSX) workbook, or it has more than %(max)s rows.") % {"max": display.number(workbook.MAX_ROWS)})]) from None
    checker = checker_of(sheet)
    rows = checker.check()
    if checker.problems:
        raise WorkbookInvalid(sorted(checker.problems, key=lambda p: (p.row, p.column.rjust(3))))
    return rows
