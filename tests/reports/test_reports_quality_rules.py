"""Validation rules between the figures of a month (reports/quality/rules.py), at every entry door:
the entry page, the workbook upload, the API and the DHIS2 import. An error refuses the save with
the rule's message beside each row it names; a warning asks for a comment; the bounds of a course's
length are settings; a planner's rule applies where it says; a retired one nowhere."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from openpyxl import load_workbook

from api import dhis2
from reports.models import Figure, MonthlyReport, ValidationRule
from reports.quality import rules
from tests import factories
from tests.api_helpers import ApiClient, error_of, token_for
from tests.entry_data import MONTH, YEAR, post_data, url
from tests.support import client_for

CERTIFIED_ABOVE = "قبول‌شدگان آزمون مهارت از نفردورهٔ همین ماه بیشترند. (قبول‌شدگان آزمون مهارت: ۱۲؛ نفردوره: ۱۰)"
TOO_FEW_HOURS = "نفرساعت برای این نفردوره کم است"


@pytest.fixture
def month(people, reference):
    """Center A's fixed urban workshops: person-hours 100 a month, person-courses 10, certified 10,
    courses 2; and rural person-courses and certified, 10 each."""
    a = people.center_a
    rows = [factories.commitment(a, YEAR, "public", "fixed_urban", measure, target)
            for measure, target in (("person_hours", 1200), ("person_courses", 120), ("certified", 120), ("courses", 24))]
    rows += [factories.commitment(a, YEAR, "public", "rural_nomadic", measure, 120) for measure in ("person_courses", "certified")]
    return people, rows


def typed(values):
    """Values of the six rows: (person-hours, person-courses, certified, courses, rural pc, rural certified)."""
    return [str(v) for v in values]


GOOD = typed([100, 10, 8, 2, 10, 9])
CERTIFIED_12 = typed([100, 10, 12, 2, 10, 9])


def errors_by_row(html):
    """{row's measure and area: its messages} of the grid rows marked in error."""
    found = {}
    for row in re.findall(r'<tr class="has-error">(.*?)</tr>', html, re.S):
        cells = re.findall(r'<td data-label="[^"]*">(.*?)</td>', row, re.S)
        found[(re.sub(r"<[^>]+>|\s+", " ", cells[1]).split("(")[0].strip(), cells[0])] = " ".join(
            re.findall(r'field-error">(.*?)</div>', row, re.S))
    return found


# --- the rules on their own ----------------------------------------------------------------------


def test_the_shipped_rules_are_in_force_and_read_as_formulas(month):
    shipped = {r.code: rules.describe(r) for r in ValidationRule.objects.filter(active=True)}
    assert shipped == {
        "certified-within-person-courses": "قبول‌شدگان آزمون مهارت ≤ نفردوره",
        "courses-within-person-courses": "تعداد دوره ≤ نفردوره",
        "person-hours-shortest-course": "نفرساعت آموزش ≥ ۸ × نفردوره",
        "person-hours-longest-course": "نفرساعت آموزش ≤ ۶۰۰ × نفردوره",
    }
    assert rules.seed_rules() == 0  # seeded once: the migration's rules are kept as the planners leave them


# --- the entry page ------------------------------------------------------------------------------


def test_an_error_refuses_the_save_with_its_message_beside_both_rows_even_with_a_comment(month):
    people, rows = month
    head = client_for(people.head_a)
    comments = {r.pk: "درست است" for r in rows}
    response = head.post(url("month", people.center_a), post_data(rows, CERTIFIED_12, 0, comments=comments))
    assert response.status_code == 200 and not MonthlyReport.objects.exists()
    marked = errors_by_row(response.content.decode())
    assert set(marked) == {("قبول‌شدگان آزمون مهارت", "کارگاه‌های ثابت شهری"), ("نفردوره", "کارگاه‌های ثابت شهری")}
    assert all(CERTIFIED_ABOVE in message for message in marked.values())
    assert head.post(url("month", people.center_a), post_data(rows, GOOD, 0)).status_code == 302


def test_a_rule_applies_in_each_area_on_its_own(month):
    people, rows = month
    rural_certified_12 = typed([100, 10, 8, 2, 10, 12])
    response = client_for(people.head_a).post(url("month", people.center_a), post_data(rows, rural_certified_12, 0))
    assert set(errors_by_row(response.content.decode())) == {("قبول‌شدگان آزمون مهارت", "روستایی و عشایری"),
                                                               ("نفردوره", "روستایی و عشایری")}


def test_a_warning_is_confirmed_by_a_comment_on_either_row_it_names(month):
    people, rows = month
    head = client_for(people.head_a)
    few_hours = typed([40, 10, 8, 2, 10, 9])  # 40 person-hours for 10 person-courses: 4-hour courses
    response = head.post(url("month", people.center_a), post_data(rows, few_hours, 0))
    html = response.content.decode()
    assert response.status_code == 200 and TOO_FEW_HOURS in html and "(نفرساعت آموزش: ۴۰؛ ۸ × نفردوره: ۸۰)" in html
    assert "در ستون توضیح دلیل آن را بنویسید" in html
    comment_on_courses = {rows[1].pk: "کارگاه‌های کوتاه ایمنی"}
    assert head.post(url("month", people.center_a), post_data(rows, few_hours, 0, comments=comment_on_courses)).status_code == 302
    assert Figure.objects.get(measure__code="person_courses", area__code="fixed_urban").comment == "کارگاه‌های کوتاه ایمنی"


def test_the_course_length_bounds_are_settings(month):
    people, rows = month
    few_hours = typed([40, 10, 8, 2, 10, 9])
    with override_settings(PAYESH_COURSE_HOURS_MIN=4):
        assert client_for(people.head_a).post(url("month", people.center_a), post_data(rows, few_hours, 0)).status_code == 302
    many_hours = typed([100, 1, 1, 1, 10, 9])  # 100 hours for one person-course
    with override_settings(PAYESH_COURSE_HOURS_MAX=50):
        response = client_for(people.head_a).post(url("month", people.center_a), post_data(rows, many_hours, 1))
    assert "نفرساعت برای این نفردوره زیاد است" in response.content.decode() and "۵۰ × نفردوره: ۵۰" in response.content.decode()


def test_a_blank_figure_skips_the_rules_that_name_it(month):
    people, rows = month
    blank_courses = typed([100, "", 12, 2, 10, 9])
    assert client_for(people.head_a).post(url("month", people.center_a), post_data(rows, blank_courses, 0)).status_code == 302


def test_a_retired_rule_applies_nowhere_and_a_planners_rule_where_it_says(month):
    people, rows = month
    head = client_for(people.head_a)
    rule = ValidationRule.objects.get(code="certified-within-person-courses")
    rules.retire_rule(rule, people.planner, "بازبینی قاعده")
    assert head.post(url("month", people.center_a), post_data(rows, CERTIFIED_12, 0)).status_code == 302
    rules.save_rule(ValidationRule(
        name_fa="قبول‌شدگان روستایی حداکثر نیمی از نفردوره", left_measure="certified", operator="le", factor="0.5",
        right_measure="person_courses", area="rural_nomadic", importance="error",
        message_fa="در مناطق روستایی بیش از نیمی از نفردوره‌ها قبول شده‌اند."), people.planner)
    report = MonthlyReport.objects.get()
    response = head.post(url("month", people.center_a), post_data(rows, CERTIFIED_12, report.version))
    marked = errors_by_row(response.content.decode())
    assert set(marked) == {("قبول‌شدگان آزمون مهارت", "روستایی و عشایری"), ("نفردوره", "روستایی و عشایری")}
    assert "(قبول‌شدگان آزمون مهارت: ۹؛ ۰٫۵ × نفردوره: ۵)" in " ".join(marked.values())


def test_a_locked_month_says_so_before_any_rule(month):
    people, rows = month
    factories.report(people.center_a, YEAR, MONTH, "approved")
    response = client_for(people.head_a).post(url("month", people.center_a), post_data(rows, CERTIFIED_12, 1))
    html = response.content.decode()
    assert "این ماه تأیید شده و فقط‌خواندنی است." in html and CERTIFIED_ABOVE not in html


# --- the workbook upload ---------------------------------------------------------------------------


def upload(client, center, values, comments=None):
    """The month's workbook, downloaded and filled in by codes: values {(area, measure): value}."""
    book = load_workbook(io.BytesIO(client.get(url("xlsx", center)).content))
    grid = book.worksheets[0]  # the month's figures, named in the reader's language
    for number in range(2, grid.max_row + 1):
        key = (grid.cell(number, 2).value, grid.cell(number, 3).value)
        grid.cell(number, 10).value = values[key]
        grid.cell(number, 11).value = (comments or {}).get(key)
    out = io.BytesIO()
    book.save(out)
    return client.post(url("upload", center), {"version": 0, "workbook": SimpleUploadedFile("m.xlsx", out.getvalue())})


def by_codes(values):
    keys = [("fixed_urban", m) for m in ("person_hours", "person_courses", "certified", "courses")]
    keys += [("rural_nomadic", m) for m in ("person_courses", "certified")]
    return dict(zip(keys, values))


def test_the_workbook_names_the_rows_a_rule_names_and_writes_nothing(month):
    people, _rows = month
    head = client_for(people.head_a)
    response = upload(head, people.center_a, by_codes([100, 10, 12, 2, 10, 9]))
    problems = re.findall(r"<li>(.*?)</li>", response.content.decode().split('id="upload-problems"')[1].split("</ul>")[0])
    # the sheet's rows: person-hours, person-courses, courses, certified (the measures' order)
    assert [p.split(":")[0] for p in problems] == ["ردیف ۳", "ردیف ۵"]
    assert all(CERTIFIED_ABOVE in p for p in problems), problems
    assert not MonthlyReport.objects.exists()
    few_hours = by_codes([40, 10, 8, 2, 10, 9])
    assert upload(head, people.center_a, few_hours, comments={("fixed_urban", "person_hours"): "دوره‌های کوتاه"}).status_code == 302


# --- the API -------------------------------------------------------------------------------------


def row(area, measure, value, comment=""):
    return {"sector": "public", "area": area, "measure": measure, "value": value, "comment": comment}


def test_the_api_refuses_with_the_rules_message_on_each_row_sent_and_by_name_on_a_row_kept(month):
    people, _rows = month
    api = ApiClient(token_for(people.head_a), language="en")
    api_url = f"/api/centers/{people.center_a.code}/reports/{YEAR}/{MONTH}/"
    response = api.post(api_url, {"version": 0, "figures": [row("fixed_urban", "certified", "12"),
                                                            row("fixed_urban", "person_courses", "10")]})
    assert response.status_code == 400
    fields = error_of(response)["fields"]
    assert set(fields) == {"figures[0].value", "figures[1].value"}
    assert "More certified graduates than trainee-courses in the month. (Certified graduates: 12; Trainee-courses: 10)" \
        in fields["figures[0].value"][0]
    assert api.post(api_url, {"version": 0, "figures": [row("fixed_urban", "person_courses", "10")]}).status_code == 200
    response = api.post(api_url, {"version": 1, "figures": [row("fixed_urban", "certified", "12")]})
    assert set(error_of(response)["fields"]) == {"figures[0].value", "public/fixed_urban/person_courses"}


# --- the DHIS2 import ----------------------------------------------------------------------------


def test_a_dhis2_import_refuses_at_the_values_a_rule_names_and_writes_nothing(month):
    people, _rows = month
    dhis2.seed_mapping()
    period = dhis2.period_of(YEAR, MONTH)

    def value(measure, amount, area="FIXED_URBAN"):
        return {"dataElement": f"PAYESH_{measure.upper()}", "categoryOptionCombo": f"PUBLIC_{area}", "orgUnit": "CA",
                "period": period, "value": amount}

    body = {"dataValues": [value("person_hours", "100"), value("person_courses", "10"), value("certified", "12")]}
    api = ApiClient(token_for(people.planner), language="en")
    response = api.post("/api/dhis2/dataValueSets/", body, query="?submit=false")
    assert response.status_code == 400
    fields = error_of(response)["fields"]
    assert set(fields) == {"dataValues[1]", "dataValues[2]"} and "More certified graduates" in fields["dataValues[2]"][0]
    assert not MonthlyReport.objects.exists()
    body["dataValues"][2]["value"] = "8"
    assert api.post("/api/dhis2/dataValueSets/", body, query="?submit=false").status_code == 200


# --- the course register -------------------------------------------------------------------------


def test_an_issue_of_course_register_rows_only_does_not_block_the_grid_but_is_on_the_data_quality_page(people, reference):
    from reports.quality.board import quality_board
    from tests.course_data import commitments, course

    rows = commitments(people.center_a)  # fixed urban and rural, four measures each, and fixed urban trainees
    course(people.center_a, hours=700, enrolled=10, completed=10, certified=8)  # 700-hour courses: longer than the longest
    typed_values = {("rural_nomadic", "person_hours"): "600", ("rural_nomadic", "person_courses"): "10",
                    ("rural_nomadic", "courses"): "1", ("rural_nomadic", "certified"): "8", ("fixed_urban", "trainees"): "10"}
    values = [typed_values.get((r.area.code, r.measure.code), "") for r in rows]
    response = client_for(people.head_a).post(url("month", people.center_a), post_data(rows, values, 0, action="submit"))
    assert response.status_code == 302
    board = quality_board(YEAR, MONTH, type(people.center_a).objects.all())
    issues = [issue for checked in board.months for issue in checked.issues]
    assert [(i.rule.code, [line.value for line in i.lines]) for i in issues] == [("person-hours-longest-course", [7000, 10])]
