"""The national organization's yearly letter (ابلاغ): every province's totals at once, one row a
year x province x sector x measure with the province's total (commitments.ProvinceCommitment has
no training area: the province's planners allocate each total to their centers' areas).

The workbook is read by the same bounded reader and checked whole, as the commitments workbook is
(importing.py): every problem is listed with its row and column, and nothing is written while
there is one (services.import_province_totals).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from centers.models import Province
from payesh import display, jalali, limits, spreadsheets

from . import workbook
from .importing import Checker, Problem, checked
from .models import Measure, ProvinceCommitment, Sector, year_has_started

# (field, Persian header): the file's format, the same in every UI language.
COLUMNS = [
    ("year", "سال"),
    ("province", "کد استان"),
    ("sector", "کد بخش"),
    ("measure", "کد شاخص"),
    ("target", "تعهد استان"),
    ("letter_number", "شماره نامه"),
    ("letter_date", "تاریخ نامه (شمسی)"),
    ("reason", "دلیل تغییر"),
]
REQUIRED = ["year", "province", "sector", "measure", "target", "letter_number", "letter_date"]
NAME_COLUMNS = [("province_name", "نام استان"), ("sector_name", "نام بخش"), ("measure_name", "نام شاخص")]
HEADER_OF = dict(COLUMNS + NAME_COLUMNS)
SHEET_TITLE = "ابلاغ استان‌ها"
CODES_TITLE = "کدها"


@dataclass
class LetterRow:
    number: int
    year: int
    province: Province
    sector: Sector
    measure: Measure
    target: int
    letter_number: str
    letter_date: datetime.date
    reason: str

    @property
    def key(self) -> tuple:
        return (self.year, self.province.pk, self.sector.pk, self.measure.pk)


def template_bytes(year: int | None = None) -> bytes:
    """The letter's layout with, when a year is given, one row per province, sector and measure
    holding that year's totals as they stand (so last year's letter is edited rather than typed);
    on a second sheet, the codes it accepts."""
    wb = spreadsheets.new_workbook()
    ws = spreadsheets.add_sheet(wb, SHEET_TITLE, [header for _field, header in COLUMNS + NAME_COLUMNS])
    codes = spreadsheets.add_sheet(wb, CODES_TITLE, ["نوع", "کد", "نام"])
    provinces, sectors, measures = list(Province.objects.order_by("code")), list(Sector.objects.all()), list(Measure.objects.all())
    for province in provinces:
        spreadsheets.append(codes, ["استان", province.code, province.name_fa])
    for sector in sectors:
        spreadsheets.append(codes, ["بخش", sector.code, sector.name_fa])
    for measure in measures:
        spreadsheets.append(codes, ["شاخص", measure.code, f"{measure.name_fa} ({measure.unit_fa})"])
    if year:
        totals = {(t.province_id, t.sector_id, t.measure_id): t for t in ProvinceCommitment.objects.filter(year=year)}
        for province in provinces:
            for sector in sectors:
                for measure in measures:
                    total = totals.get((province.pk, sector.pk, measure.pk))
                    if total is None:
                        continue
                    spreadsheets.append(ws, [
                        year, province.code, sector.code, measure.code, total.target, total.letter_number,
                        jalali.format_jalali_date(total.letter_date, persian=False) if total.letter_date else "", "",
                        province.name_fa, sector.name_fa, measure.name_fa,
                    ], kinds=[spreadsheets.PLAIN])
    return spreadsheets.workbook_bytes(wb)


class LetterChecker(Checker):
    """The commitments checker's cells (year, codes, whole numbers, letter, Jalali date) for the
    letter's columns."""

    header_of = HEADER_OF

    def __init__(self, sheet, today=None):
        super().__init__(sheet, today, centers=[])
        self.provinces = {p.code.casefold(): p for p in Province.objects.all()}

    def no_rows(self):
        return _("The workbook has no rows of province totals.")

    def same_key(self, first):
        return "province", _("Row %(row)s has the same year, province, sector and measure.") % {"row": display.digits(first)}

    def row(self, row):
        before = len(self.problems)
        year = self.year(row)
        province = self.code(row, "province", self.provinces, _("Unknown province code “%(code)s”."))
        sector = self.code(row, "sector", self.sectors, _("Unknown sector code “%(code)s”."))
        measure = self.code(row, "measure", self.measures, _("Unknown measure code “%(code)s”."))
        target = self.whole_number(row, "target", maximum=limits.TARGET_MAX)
        letter_number = self.short_text(row, "letter_number", ProvinceCommitment._meta.get_field("letter_number").max_length)
        letter_date = self.letter_date(row)
        if len(self.problems) > before:
            return None
        return LetterRow(row.number, year, province, sector, measure, target, letter_number, letter_date,
                         self.text(row, "reason"))

    def check_revisions(self, rows):
        """A changed total of a year that has started is a revision: it needs its reason."""
        totals = {(t.year, t.province_id, t.sector_id, t.measure_id): t.target
                  for t in ProvinceCommitment.objects.filter(year__in={r.year for r in rows})}
        for r in rows:
            old = totals.get(r.key)
            if old is not None and old != r.target and year_has_started(r.year, self.today) and not r.reason:
                self.problems.append(Problem(r.number, self.sheet.columns.get("reason", ""), HEADER_OF["reason"],
                                             _("The total changes from %(old)s in a year that has started: give the reason.") % {"old": display.number(old)}))


def check_letter(data, today=None) -> list[LetterRow]:
    """The rows of an uploaded letter, every one valid; or WorkbookInvalid with all problems."""
    return checked(lambda: workbook.read_sheet(data, SHEET_TITLE, COLUMNS, REQUIRED), lambda sheet: LetterChecker(sheet, today))
