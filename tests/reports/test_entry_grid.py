"""The entry grid: what people type is read as the same number; bad input is refused next to
its field, the whole form comes back as typed, and nothing is saved."""

import pytest

from payesh import jalali
from reports.models import Figure, MonthlyReport
from tests.entry_data import MONTH, YEAR, post_data, three_commitments, url
from tests.support import client_for


@pytest.fixture
def setup(people, reference):
    return people, three_commitments(people.center_a)


def test_grid_shows_each_commitment_with_month_and_year_targets(setup):
    people, commitments = setup
    html = client_for(people.head_a).get(url("month", people.center_a)).content.decode()
    assert "کارگاه‌های ثابت شهری" in html and "روستایی و عشایری" in html and "نفردوره" in html
    assert "۱٬۲۰۰" in html and "۲٬۴۰۰" in html  # annual targets
    assert "اردیبهشت ۱۴۰۵" in html


def test_persian_arabic_and_latin_digits_with_separators_are_saved_as_numbers(setup):
    people, commitments = setup
    response = client_for(people.head_a).post(
        url("month", people.center_a), post_data(commitments, ["۱٬۲۰", " ١٥٠ ", "1,2"], version=0))
    assert response.status_code == 302
    report = MonthlyReport.objects.get(center=people.center_a, year=YEAR, month=MONTH)
    assert report.status == "draft"
    assert sorted(report.figures.values_list("value", flat=True)) == [12, 120, 150]


@pytest.mark.parametrize("typed, message", [
    ("-5", "منفی"),
    ("12.5", "بدون اعشار"),
    ("۱۲٫۵", "بدون اعشار"),
    ("دوازده", "عدد"),
    ("12a", "عدد"),
])
def test_bad_input_gets_its_message_next_to_the_field_and_nothing_is_saved(setup, typed, message):
    people, commitments = setup
    response = client_for(people.head_a).post(
        url("month", people.center_a), post_data(commitments, ["۱۱۰", typed, "۹"], version=0))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "field-error" in html
    assert 'value="۱۱۰"' in html and 'value="۹"' in html  # everything typed comes back
    assert MonthlyReport.objects.count() == 0 and Figure.objects.count() == 0


def test_bad_input_on_an_existing_draft_leaves_it_unchanged(setup):
    people, commitments = setup
    client = client_for(people.head_a)
    client.post(url("month", people.center_a), post_data(commitments, ["100", "200", "10"], version=0))
    report = MonthlyReport.objects.get()
    before = report.version
    response = client.post(url("month", people.center_a), post_data(commitments, ["120", "-1", "11"], version=before))
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.version == before and sorted(report.figures.values_list("value", flat=True)) == [10, 100, 200]


def test_an_outlier_needs_a_comment_and_is_saved_with_it(setup):
    people, commitments = setup
    client = client_for(people.head_a)
    # the month's target of the first row is 100; the factor is 10
    response = client.post(url("month", people.center_a), post_data(commitments, ["1500", "200", "10"], version=0))
    assert response.status_code == 200
    assert "بیش از ۱۰ برابر" in response.content.decode()
    assert MonthlyReport.objects.count() == 0
    comments = {commitments[0].pk: "دوره فشرده تابستانی"}
    response = client.post(url("month", people.center_a), post_data(commitments, ["1500", "200", "10"], version=0, comments=comments))
    assert response.status_code == 302
    figure = Figure.objects.get(value=1500)
    assert figure.comment == "دوره فشرده تابستانی"


def test_a_future_month_cannot_be_entered(setup):
    people, commitments = setup
    year, month = jalali.next_month(*jalali.current_year_month())
    commitments = three_commitments(people.center_a, year) if year != YEAR else commitments
    response = client_for(people.head_a).post(
        url("month", people.center_a, year, month), post_data(commitments, ["1", "2", "3"], version=0))
    assert response.status_code == 200
    assert "هنوز شروع نشده" in response.content.decode()
    assert MonthlyReport.objects.count() == 0


def test_submit_needs_every_row_and_a_draft_may_have_blanks(setup):
    people, commitments = setup
    client = client_for(people.head_a)
    response = client.post(url("month", people.center_a), post_data(commitments, ["100", "", "10"], version=0, action="submit"))
    assert response.status_code == 200 and "۱ ردیف پیش از ارسال" in response.content.decode()
    assert MonthlyReport.objects.count() == 0
    assert client.post(url("month", people.center_a), post_data(commitments, ["100", "", "10"], version=0)).status_code == 302
    report = MonthlyReport.objects.get()
    assert report.status == "draft" and report.figures.count() == 2


def test_clearing_a_cell_removes_the_figure_and_keeps_it_in_history(setup):
    people, commitments = setup
    client = client_for(people.head_a)
    client.post(url("month", people.center_a), post_data(commitments, ["100", "200", "10"], version=0))
    client.post(url("month", people.center_a), post_data(commitments, ["100", "", "10"], version=1))
    report = MonthlyReport.objects.get()
    assert report.figures.count() == 2
    deleted = Figure.history.get(history_type="-")
    assert deleted.value == 200 and deleted.history_user == people.head_a


def test_months_page_lists_the_centers_months_with_status(setup):
    people, commitments = setup
    MonthlyReport.objects.create(center=people.center_a, year=YEAR, month=1, status="approved")
    html = client_for(people.head_a).get(
        "/reports/centers/CA/?year=1405").content.decode()
    assert "فروردین" in html and "اسفند" in html
    assert "تأیید" in html  # Farvardin approved
    assert "وارد نشده" in html  # Ordibehesht: nothing entered yet


def test_submitting_with_blank_rows_marks_each_blank_row_and_saves_nothing(setup):
    people, commitments = setup
    response = client_for(people.head_a).post(
        url("month", people.center_a), post_data(commitments, ["100", "", ""], version=0, action="submit"))
    assert response.status_code == 200 and not MonthlyReport.objects.exists()
    html = response.content.decode()
    assert "۲ ردیف" in html  # how many rows still need a figure
    form = response.context["form"]
    marked = {name for name, errors in form.errors.items() if name.startswith("value_")}
    assert marked == {f"value_{commitments[1].pk}", f"value_{commitments[2].pk}"}
    assert html.count('class="has-error"') == 2


def test_the_open_month_is_shown_open_with_its_due_date_not_as_missing(people, reference):
    year, month = jalali.current_year_month()
    three_commitments(people.center_a, year=year)
    html = client_for(people.head_a).get(f"/reports/centers/CA/?year={year}").content.decode()
    row = html.split(f"/reports/centers/CA/{year}/{month}/")[1].split("</tr>")[0]
    assert "status-open" in row and "status-missing" not in row and "هنوز موعدش نرسیده" in row
    assert jalali.format_jalali_date(jalali.report_deadline(year, month, 5)) in row
    entry = client_for(people.head_a).get(url("month", people.center_a, year, month)).content.decode()
    assert 'id="report-status"' in entry and "status-open" in entry and "وارد نشده" not in entry
