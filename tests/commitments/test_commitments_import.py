"""Importing the commitments workbook: counts, re-import, and every kind of bad row."""

import datetime
from io import BytesIO

import jdatetime
import pytest
from django.utils import translation
from openpyxl import load_workbook

from commitments import workbook
from commitments.importing import WorkbookInvalid, check_workbook
from commitments.models import Commitment, FiscalYear
from commitments.services import import_commitments

BEFORE_1405 = jdatetime.date(1404, 12, 1)  # "today" for imports of 1405 that are not revisions
DURING_1405 = jdatetime.date(1405, 5, 1)


def filled_template(rows):
    """The downloadable template with rows written under its headers, as a person would."""
    wb = load_workbook(BytesIO(workbook.template_bytes()))
    ws = wb[workbook.SHEET_TITLE]
    for row in rows:
        ws.append(list(row))
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def row(center="CA", area="fixed_urban", measure="person_hours", target="12000", weights=(), year=1405,
        sector="public", letter="۱۲۳۴/ت", date="1405/02/10", reason=""):
    return [year, center, sector, area, measure, target, letter, date, reason, *weights]


GOOD = [
    row(target="۱۲٬۰۰۰"),
    row(area="rural_nomadic", target=4800, weights=[5, 8, 9, 8, 7, 7, 10, 10, 10, 9, 9, 8]),
    row(center="CB", target="2,400", weights=["0.1"] * 10 + ["0.0", "0"], date="۱۴۰۵/۰۲/۱۰"),
    row(center="CB", measure="courses", target=12, weights=[1] * 12),
]


def snapshot():
    return sorted(Commitment.objects.values_list("year", "center__code", "area__code", "measure__code", "target",
                                                 "letter_number", *[f"phased_{m}" for m in range(1, 13)]))


@pytest.fixture
def setup(reference, people):
    with translation.override("en"):  # messages are checked in English; the browser test reads Persian
        yield people


def test_a_good_workbook_creates_every_row_and_says_how_many(setup):
    result = import_commitments(filled_template(GOOD), setup.planner, today=BEFORE_1405)
    assert (result.created, result.changed, result.unchanged) == (4, 0, 0)
    a = Commitment.objects.get(center__code="CA", area__code="fixed_urban")
    assert a.target == 12000 and a.phased == [1000] * 12
    assert a.letter_number == "۱۲۳۴/ت" and a.letter_date == datetime.date(2026, 4, 30)
    rural = Commitment.objects.get(center__code="CA", area__code="rural_nomadic")
    assert rural.phased == [240, 384, 432, 384, 336, 336, 480, 480, 480, 432, 432, 384]
    b = Commitment.objects.get(center__code="CB", measure__code="person_hours")
    assert b.phased == [240] * 10 + [0, 0]
    assert Commitment.objects.get(center__code="CB", measure__code="courses").phased == [1] * 12
    assert FiscalYear.objects.filter(year=1405, closed=False).exists()
    assert b.history.first().history_user == setup.planner


def test_reimporting_the_same_workbook_changes_nothing(setup):
    data = filled_template(GOOD)
    import_commitments(data, setup.planner, today=BEFORE_1405)
    before, versions = snapshot(), Commitment.history.count()
    result = import_commitments(data, setup.planner, today=DURING_1405)
    assert (result.created, result.changed, result.unchanged) == (0, 0, 4)
    assert snapshot() == before and Commitment.history.count() == versions


def test_the_export_imports_back_unchanged(setup, client):
    import_commitments(filled_template(GOOD), setup.planner, today=BEFORE_1405)
    client.force_login(setup.planner)
    exported = client.get("/commitments/export.xlsx?year=1405").content
    result = import_commitments(exported, setup.planner, today=DURING_1405)
    assert (result.created, result.changed, result.unchanged) == (0, 0, 4)


def test_a_changed_row_is_counted_as_changed_and_keeps_the_phasing_shape(setup):
    import_commitments(filled_template(GOOD), setup.planner, today=BEFORE_1405)
    changed = [row(target="24000")] + GOOD[1:]
    result = import_commitments(filled_template(changed), setup.planner, today=BEFORE_1405)
    assert (result.created, result.changed, result.unchanged) == (0, 1, 3)
    assert Commitment.objects.get(center__code="CA", area__code="fixed_urban").phased == [2000] * 12


BAD_ROWS = [
    # (the bad row, column letter, a piece of the message)
    (row(center="XX9"), "B", "Unknown center code “XX9”"),
    (row(sector="nope"), "C", "Unknown sector code"),
    (row(area="moon"), "D", "Unknown training area code “moon”"),
    (row(measure="kilos"), "E", "Unknown measure code"),
    (row(target="-5"), "F", "negative"),
    (row(target="۱۲۰۰٫۵"), "F", "fraction"),
    (row(target="a lot"), "F", "“a lot” is not a number"),
    (row(target=""), "F", "required"),
    (row(letter=""), "G", "required"),
    (row(date="1405/12/30"), "H", "not a date of the Jalali calendar"),  # 1405 is not a leap year
    (row(date="1405/07/31"), "H", "not a date of the Jalali calendar"),
    (row(weights=[10] * 12), "J", "add up to 120"),
    (row(weights=[0.5] * 6 + [""] * 6), "P", "Fill all 12 monthly weights"),
    (row(weights=[1] * 11 + ["x"]), "U", "is not a weight"),
    (row(year=1404), "A", "The year 1404 is closed"),
]


@pytest.mark.parametrize("bad, column, message", BAD_ROWS, ids=[b[2][:20] + b[1] for b in BAD_ROWS])
def test_a_bad_row_is_listed_with_its_row_and_column_and_nothing_is_written(setup, bad, column, message):
    FiscalYear.objects.create(year=1404, closed=True)
    import_commitments(filled_template(GOOD[:1]), setup.planner, today=BEFORE_1405)
    before, versions = snapshot(), Commitment.history.count()
    with pytest.raises(WorkbookInvalid) as caught:
        import_commitments(filled_template(GOOD + [bad]), setup.planner, today=BEFORE_1405)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert (problems[0].row, problems[0].column) == (6, column)
    assert message in problems[0].message
    assert problems[0].header == workbook.HEADER_OF[[f for f, _ in workbook.COLUMNS][ord(column) - ord("A")]]
    assert snapshot() == before and Commitment.history.count() == versions


def test_a_duplicated_row_names_the_row_it_repeats(setup):
    with pytest.raises(WorkbookInvalid) as caught:
        check_workbook(filled_template(GOOD + [row(target=5)]))
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (6, "B")
    assert "Row 2 has the same" in problem.message  # digits of the active language (English here)
    assert Commitment.objects.count() == 0


def test_every_problem_of_the_workbook_is_listed_at_once(setup):
    bad = [row(center="XX9", target="-1", date="1405/13/01"), row(area="moon"), row(measure="kilos", weights=["8.33"] * 12)]
    with pytest.raises(WorkbookInvalid) as caught:
        check_workbook(filled_template(GOOD + bad))
    assert [(p.row, p.column) for p in caught.value.problems] == [(6, "B"), (6, "F"), (6, "H"), (7, "D"), (8, "E")]


def test_a_missing_column_and_a_file_that_is_not_a_workbook(setup):
    wb = load_workbook(BytesIO(workbook.template_bytes()))
    wb.active.delete_cols(6)  # the target column
    out = BytesIO()
    wb.save(out)
    with pytest.raises(WorkbookInvalid) as caught:
        check_workbook(out.getvalue())
    assert [(p.row, p.header) for p in caught.value.problems] == [(1, "تعهد سالانه")]
    with pytest.raises(WorkbookInvalid) as caught:
        check_workbook(b"not a spreadsheet")
    assert "XLSX" in caught.value.problems[0].message


def test_after_the_year_started_a_changed_target_needs_the_reason_column(setup):
    import_commitments(filled_template(GOOD), setup.planner, today=BEFORE_1405)
    with pytest.raises(WorkbookInvalid) as caught:
        import_commitments(filled_template([row(target="13000")]), setup.planner, today=DURING_1405)
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (2, "I") and "reason" in problem.message
    result = import_commitments(filled_template([row(target="13000", letter="۲۲۲", reason="ابلاغ اصلاحیه")]), setup.planner, today=DURING_1405)
    assert result.changed == 1
    c = Commitment.objects.get(center__code="CA", area__code="fixed_urban")
    assert c.history.first().history_change_reason == "ابلاغ اصلاحیه" and c.letter_number == "۲۲۲"


def test_the_upload_page_lists_problems_then_imports(setup, client):
    client.force_login(setup.planner)
    client.cookies["django_language"] = "en"
    bad = filled_template(GOOD + [row(center="XX9")])
    response = client.post("/commitments/import/", {"workbook": _upload(bad)})
    assert response.status_code == 200
    assert "XX9" in response.content.decode() and Commitment.objects.count() == 0
    response = client.post("/commitments/import/", {"workbook": _upload(filled_template(GOOD))}, follow=True)
    assert Commitment.objects.count() == 4
    assert "4 created, 0 changed, 0 unchanged" in response.content.decode()


def test_the_template_has_persian_headers_and_the_codes(setup, client):
    client.force_login(setup.director)
    response = client.get("/commitments/import/template.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(BytesIO(response.content))
    headers = [c.value for c in wb[workbook.SHEET_TITLE][1]]
    assert headers[:8] == ["سال", "کد مرکز", "کد بخش", "کد حوزه آموزشی", "کد شاخص", "تعهد سالانه", "شماره نامه", "تاریخ نامه (شمسی)"]
    assert headers[-1] == "وزن اسفند"
    codes = {r[1] for r in wb[workbook.CODES_TITLE].iter_rows(min_row=2, values_only=True)}
    assert {"CA", "CB", "public", "fixed_urban", "person_hours"} <= codes


def _upload(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("commitments.xlsx", data, content_type="application/octet-stream")
