"""Every number has a stated maximum (payesh/limits.py) and every text its length, checked before
the database on every door: a Persian message next to the field, the row number in an upload, a
404 for a URL; never a 500, and nothing half-saved. The database refuses what slips past."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from commitments.models import Commitment, CommitmentStatus, FiscalYear, PhasingProfile, ProvinceCommitment
from courses.models import Course
from meetings.models import Meeting
from payesh import jalali, limits
from reports.models import Figure, MonthlyReport
from tests import factories
from tests.commitments.test_commitments_import import filled_template, row
from tests.course_data import commitments as course_commitments
from tests.course_data import course, form_data
from tests.course_data import url as course_url
from tests.entry_data import post_data, three_commitments
from tests.entry_data import url as entry_url
from tests.reports.test_entry_xlsx import download, upload
from tests.support import client_for

HUGE = "1" + "0" * 24  # 25 digits


def field_error(html, field_id):
    """The text of the error list Django renders next to a field (id="<field id>_error")."""
    match = re.search(rf'id="{field_id}_error">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)) if match else ""


def snapshot():
    return (list(MonthlyReport.objects.values_list("pk", "version", "status")), list(Figure.objects.values_list("pk", "value")),
            list(Commitment.objects.values_list("pk", "target", "letter_number")), Course.objects.count(),
            PhasingProfile.objects.count(), ProvinceCommitment.objects.count(), FiscalYear.objects.count())


# --- figures: the entry grid and the month's workbook -------------------------------------------


@pytest.fixture
def entry(people, reference):
    return people, three_commitments(people.center_a), client_for(people.head_a)


@pytest.mark.parametrize("typed", [HUGE, "۱" + "۰" * 24, "1,000,000,001", str(2**63), "9" * 39],
                         ids=["25 digits", "25 Persian digits", "with separators", "2^63", "39 digits"])
def test_a_figure_above_the_maximum_with_a_comment_gets_its_message_next_to_the_field(entry, typed):
    people, commitments, client = entry
    comments = {commitments[0].pk: "دوره فشرده"}
    response = client.post(entry_url("month", people.center_a), post_data(commitments, [typed, "200", "10"], version=0,
                                                                          comments=comments))
    assert response.status_code == 200
    html = response.content.decode()
    message = re.search(r'<div class="errorlist field-error">(.*?)</div>', html).group(1)
    assert message == "عملکرد نمی‌تواند بیش از ۱٬۰۰۰٬۰۰۰٬۰۰۰ باشد."
    assert 'value="200"' in html and "دوره فشرده" in html  # the rest of the form comes back as typed
    assert not MonthlyReport.objects.exists() and not Figure.objects.exists()


def test_the_largest_figure_is_saved(entry):
    people, commitments, client = entry
    comments = {commitments[0].pk: "دوره فشرده"}
    response = client.post(entry_url("month", people.center_a), post_data(
        commitments, [jalali.to_persian_digits(limits.FIGURE_MAX), "200", "10"], version=0, comments=comments))
    assert response.status_code == 302
    assert Figure.objects.filter(value=limits.FIGURE_MAX).exists()


@pytest.mark.parametrize("value", [10**25, HUGE, 1e25, 1e300])
def test_a_figure_above_the_maximum_in_the_months_workbook_names_its_row(entry, value):
    people, commitments, client = entry
    client.post(entry_url("month", people.center_a), post_data(commitments, ["100", "200", "10"], 0))
    before = snapshot()
    wb = download(client, people.center_a)
    wb.worksheets[0].cell(2, 10).value = 150
    wb.worksheets[0].cell(3, 10).value = value
    wb.worksheets[0].cell(3, 11).value = "دوره فشرده"
    response = upload(client, people.center_a, wb, MonthlyReport.objects.get().version)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ردیف ۳: عملکرد نمی‌تواند بیش از ۱٬۰۰۰٬۰۰۰٬۰۰۰ باشد." in html
    assert snapshot() == before


# --- targets and letters: the commitments workbook ----------------------------------------------


@pytest.fixture
def planner(people, reference):
    return people, client_for(people.planner)


def import_page(client, rows):
    return client.post("/commitments/import/", {"workbook": SimpleUploadedFile("c.xlsx", filled_template(rows))})


def problems(html):
    """(row, column, message) of the import page's problem table."""
    body = html[html.index('id="problems"'):]
    return [(re.sub(r"<[^>]+>", "", r).strip(), re.sub(r"<[^>]+>", "", c).strip(), re.sub(r"<[^>]+>", "", m).strip())
            for r, c, m in re.findall(r"<tr><td class=\"num\">(.*?)</td>\s*<td>(.*?)</td>\s*<td[^>]*>(.*?)</td></tr>", body, re.S)]


@pytest.mark.parametrize("target", [HUGE, 10**25, 2**63, str(2**63), limits.TARGET_MAX + 1, 1e300])
def test_a_target_above_the_maximum_in_the_import_names_its_row_and_imports_nothing(planner, target):
    people, client = planner
    response = import_page(client, [row(target="1200"), row(area="rural_nomadic", target=target)])
    assert response.status_code == 200
    [(number, column, message)] = problems(response.content.decode())
    assert number == "۳" and column.startswith("F")
    assert message == "عدد از ۱۰٬۰۰۰٬۰۰۰٬۰۰۰، بیشترین مقدار این ستون، بزرگ‌تر است."
    assert not Commitment.objects.exists()


def test_a_letter_number_longer_than_its_column_is_named_in_the_import(planner):
    people, client = planner
    response = import_page(client, [row(letter="ن" * 60)])
    [(number, column, message)] = problems(response.content.decode())
    assert number == "۲" and column.startswith("G")
    assert message == "این خانه ۶۰ نویسه دارد؛ بیش از ۵۰ نویسه جا نمی‌شود."
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("weight, message", [
    ("1e400", "وزن یا صفر است یا عددی از ۰٫۰۰۰۰۰۱ تا ۱۰٬۰۰۰٬۰۰۰٬۰۰۰."),
    ("1e-400", "وزن یا صفر است یا عددی از ۰٫۰۰۰۰۰۱ تا ۱۰٬۰۰۰٬۰۰۰٬۰۰۰."),
    ("inf", "«inf» وزن درستی نیست (عددی صفر یا بیشتر)."),
    ("nan", "«nan» وزن درستی نیست (عددی صفر یا بیشتر)."),
])
def test_an_absurd_weight_in_the_import_is_named(planner, weight, message):
    people, client = planner
    response = import_page(client, [row(weights=[weight] + ["1"] * 11)])
    [(number, column, text)] = problems(response.content.decode())
    assert number == "۲" and text == message
    assert not Commitment.objects.exists()


# --- targets and phased months typed on the commitment's page ------------------------------------


def test_a_revised_target_above_the_maximum_gets_its_message(planner):
    people, client = planner
    c = factories.commitment(people.center_a)
    response = client.post(f"/commitments/{c.pk}/", {"target": HUGE, "letter_number": "۱", "letter_date": "1405/02/01",
                                                     "reason": "x"})
    assert response.status_code == 200
    assert field_error(response.content.decode(), "id_target") == "عددی تا سقف ۱۰٬۰۰۰٬۰۰۰٬۰۰۰ وارد کنید."
    c.refresh_from_db()
    assert c.target == 1200


def test_a_phased_month_above_the_maximum_gets_its_message(planner):
    people, client = planner
    c = factories.commitment(people.center_a)
    months = {f"phased_{m}": "100" for m in range(1, 13)}
    response = client.post(f"/commitments/{c.pk}/", {"phasing": "1", **months, "phased_3": str(2**64)})
    assert response.status_code == 200
    assert field_error(response.content.decode(), "id_phased_3") == "عددی تا سقف ۱۰٬۰۰۰٬۰۰۰٬۰۰۰ وارد کنید."


def test_a_copy_forward_whose_factor_passes_the_largest_target_is_refused(planner):
    people, client = planner
    factories.commitment(people.center_a, target=limits.TARGET_MAX // 2)
    response = client.post("/commitments/copy-forward/", {"from_year": "1405", "to_year": "1406", "factor": "3"})
    assert response.status_code == 200
    assert "از بیشترین تعهد پذیرفتنی (۱۰٬۰۰۰٬۰۰۰٬۰۰۰) بیشتر است" in response.content.decode()
    assert not Commitment.objects.filter(year=1406).exists()


# --- weights of a phasing profile ---------------------------------------------------------------


@pytest.mark.parametrize("weight", ["1e400", "1e-400", "Infinity", "NaN", "1" * 50, "-1e400"])
def test_an_absurd_weight_of_a_profile_gets_its_message_and_saves_nothing(planner, weight):
    people, client = planner
    weights = {f"w{m}": "1" for m in range(1, 13)}
    response = client.post("/commitments/phasing/", {"create": "1", "name": "الگو", **weights, "w5": weight})
    assert response.status_code == 200
    assert field_error(response.content.decode(), "id_w5") in (
        "وزن یا صفر است یا عددی از ۰٫۰۰۰۰۰۱ تا ۱۰٬۰۰۰٬۰۰۰٬۰۰۰.", "عددی صفر یا بیشتر وارد کنید.")
    assert not PhasingProfile.objects.exists()
    assert client.get("/commitments/phasing/").status_code == 200


def test_weights_that_underflow_to_zero_are_refused(planner):
    people, client = planner
    response = client.post("/commitments/phasing/", {"create": "1", "name": "الگو", **{f"w{m}": "1e-400" for m in range(1, 13)}})
    assert response.status_code == 200 and not PhasingProfile.objects.exists()


@pytest.mark.parametrize("weights", [[0] * 12, [1e308] * 12, [1] * 11])
def test_a_bad_profile_saved_before_the_limits_is_shown_as_unusable_and_cannot_be_applied(planner, weights):
    people, client = planner
    c = factories.commitment(people.center_a)
    bad = PhasingProfile.objects.create(name="الگوی خراب", weights=weights)
    good = PhasingProfile.objects.create(name="یکنواخت", weights=[1] * 12)
    response = client.get("/commitments/phasing/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "الگوی خراب" in html and "بی‌استفاده" in html and "یکنواخت" in html
    response = client.post("/commitments/phasing/", {"apply": "1", "profile": bad.pk, "year": "1405"})
    assert response.status_code == 200
    assert "با وزن‌های این الگو نمی‌توان تعهدی را ماه‌بندی کرد" in response.content.decode()
    c.refresh_from_db()
    assert c.phased == [100] * 12
    assert good.usable and not bad.usable and bad.shares is None


# --- courses ------------------------------------------------------------------------------------


@pytest.fixture
def register(people, reference):
    course_commitments(people.center_a)
    return people, client_for(people.head_a)


@pytest.mark.parametrize("field, typed, message", [
    ("hours", "1" + "0" * 30, "عددی تا سقف ۵٬۰۰۰ وارد کنید."),
    ("hours", "۵۰۰۱", "عددی تا سقف ۵٬۰۰۰ وارد کنید."),
    ("enrolled", str(2**63), "عددی تا سقف ۱۰٬۰۰۰ وارد کنید."),
    ("completed", "10001", "عددی تا سقف ۱۰٬۰۰۰ وارد کنید."),
])
def test_course_numbers_above_their_maximum_get_their_message(register, field, typed, message):
    people, client = register
    response = client.post(course_url("add", people.center_a), form_data(**{field: typed}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Course.objects.exists() and not MonthlyReport.objects.exists()


def test_course_hours_of_ten_to_the_thirty_in_the_workbook_name_the_row(register):
    from tests.courses.test_courses_xlsx import GOOD, workbook

    people, client = register
    bad = [GOOD[0], [*GOOD[1][:7], 10**30, *GOOD[1][8:]]]
    response = client.post(course_url("upload", people.center_a), {"version": 0, "workbook": workbook(client, people.center_a, bad)})
    assert response.status_code == 200
    assert "ردیف ۳: ساعت: عددی تا سقف ۵٬۰۰۰ وارد کنید." in response.content.decode()
    assert not Course.objects.exists()


def test_a_register_whose_person_hours_would_pass_the_largest_figure_is_refused(register):
    people, client = register
    for n in range(limits.FIGURE_MAX // (limits.COURSE_HOURS_MAX * limits.COURSE_TRAINEES_MAX)):
        course(people.center_a, title=f"دوره {n}", hours=limits.COURSE_HOURS_MAX, enrolled=limits.COURSE_TRAINEES_MAX,
               completed=limits.COURSE_TRAINEES_MAX, certified=0)
    response = client.post(course_url("add", people.center_a), form_data(
        hours=str(limits.COURSE_HOURS_MAX), enrolled="10", completed="10", certified="0"))
    assert response.status_code == 200
    assert "از بیشترین عملکرد پذیرفتنی (۱٬۰۰۰٬۰۰۰٬۰۰۰) بیشتر است" in response.content.decode()
    assert not MonthlyReport.objects.exists() and Course.objects.count() == 20


# --- URL and query parameters --------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/dashboard/center/CA/" + "1" * 30 + "/1/",
    "/dashboard/center/CA/1405/" + "9" * 30 + "/",
    "/dashboard/center/CA/99999/1/",
    "/reports/centers/CA/" + "1" * 30 + "/1/",
    "/courses/centers/CA/1405/2/" + "9" * 30 + "/",
    "/commitments/" + "9" * 30 + "/",
    "/meetings/" + "9" * 30 + "/",
])
def test_huge_numbers_in_a_url_are_404(people, reference, path):
    assert client_for(people.planner).get(path).status_code == 404


def total_form(**changes):
    from commitments.models import Measure, Sector

    return {"total-sector": Sector.objects.get(code="public").pk, "total-measure": Measure.objects.get(code="person_hours").pk,
            "total-target": "۱۲٬۰۰۰", **changes}


@pytest.mark.parametrize("query", ["?year=abc", "?province=abc", "?year=" + "9" * 30 + "&province=" + "9" * 30, "?year=۱۴۰۵"])
def test_a_bad_year_or_province_in_the_query_saves_for_the_year_and_province_the_page_shows(planner, query):
    people, client = planner
    response = client.post("/commitments/allocation/total/" + query, total_form(), follow=True)
    assert response.status_code == 200 and "سهم استان ذخیره شد." in response.content.decode()
    total = ProvinceCommitment.objects.get()
    assert (total.province, total.year, total.target) == (people.center_a.province, jalali.current_year_month()[0], 12000)


@pytest.mark.parametrize("changes", [{"total-sector": "abc"}, {"total-measure": "9" * 30}, {"total-sector": "-1"},
                                     {"total-target": HUGE}, {"total-letter_number": "ن" * 60}])
def test_bad_values_of_the_province_total_are_a_message_not_a_500(planner, changes):
    people, client = planner
    response = client.post("/commitments/allocation/total/", total_form(**changes), follow=True)
    assert response.status_code == 200
    assert "سهم استان ذخیره نشد" in response.content.decode()
    assert not ProvinceCommitment.objects.exists()


@pytest.mark.parametrize("year", ["1" * 30, "abc", "1299", "-1"])
def test_confirming_drafts_of_an_impossible_year_is_a_message(planner, year):
    people, client = planner
    draft = factories.commitment(people.center_a)
    Commitment.objects.filter(pk=draft.pk).update(status=CommitmentStatus.DRAFT)
    response = client.post("/commitments/confirm-drafts/", {"year": year}, follow=True)
    assert response.status_code == 200
    assert "پیش‌نویس‌ها تأیید نشدند" in response.content.decode()
    assert Commitment.objects.get().status == CommitmentStatus.DRAFT and not FiscalYear.objects.exists()


# --- the database is the backstop ---------------------------------------------------------------


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_the_database_refuses_what_is_above_a_maximum(people, reference):
    center = people.center_a
    report = factories.report(center, month=1, status="draft")
    refused(lambda: factories.report(center, month=2, figures=[("public", "fixed_urban", "person_hours", limits.FIGURE_MAX + 1)]))
    refused(lambda: factories.commitment(center, target=limits.TARGET_MAX + 12))
    refused(lambda: factories.commitment(center, year=1601))
    refused(lambda: MonthlyReport.objects.create(center=center, year=1299, month=1))
    refused(lambda: course(center, hours=limits.COURSE_HOURS_MAX + 1))
    refused(lambda: course(center, enrolled=limits.COURSE_TRAINEES_MAX + 1))
    refused(lambda: Meeting.objects.create(province=center.province, date="2026-08-01", title="t", year=1700, month=1))
    assert report.pk and not Course.objects.exists()


# --- found by the property-based test (tests/whole/test_fuzz_pages.py) ----------------------------------


@pytest.mark.parametrize("attendee", [str(2**63), "9" * 30, "۹" * 25, "-" + "1" * 20])
def test_an_attendee_id_beyond_any_database_id_is_a_message(people, reference, attendee):
    response = client_for(people.staff).post(reverse("meetings:create"), {
        "province": people.center_a.province.pk, "date": "۱۴۰۵/۰۵/۱۰", "title": "جلسه", "chair": people.director.pk,
        "year": "1405", "month": "4", "attendees": [people.head_a.pk, attendee]})
    assert response.status_code == 200
    assert field_error(response.content.decode(), "id_attendees")
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("back_to", ["²", "9" * 30, "abc", ""])
def test_an_odd_back_to_after_ticking_an_action_item_goes_back_to_its_meeting(people, reference, back_to):
    from meetings import services
    from tests.meetings_helpers import meeting

    m = meeting(people)
    item = services.add_action_item(m, "پیگیری", jalali.parse_jalali_date("1405/06/01"), responsible_person="کارشناس")
    response = client_for(people.staff).post(reverse("meetings:action_item_status", args=[item.pk]),
                                             {"status": "done", "back_to": back_to})
    assert response.status_code == 302
    assert response["Location"] in (reverse("meetings:detail", args=[m.pk]), f"/meetings/{back_to}/")


@pytest.mark.parametrize("query, status", [
    ("year=۱۴۰۵&month=۲", 200), ("year=1405&month=2", 200), ("", 200),
    ("year=1405&month=13", 404), ("year=1405&month=abc", 404), ("year=" + "9" * 30 + "&month=2", 404),
    ("year=1405&month=" + "9" * 5000, 404),
], ids=["persian", "latin", "default", "month-13", "letters", "huge-year", "5000-digit-month"])
def test_the_late_list_reads_its_month_in_any_digits_and_a_bad_one_is_a_404(planner, query, status):
    _people, client = planner
    response = client.get(f"/reports/late/?{query}")
    assert response.status_code == status
    if status == 200 and "۲" in query:
        assert "اردیبهشت" in response.content.decode()
