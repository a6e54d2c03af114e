"""The dashboard pages show the hand-computed numbers of tests/reports/test_progress.py, to everyone
signed in, and nothing to anonymous visitors; exports hold exactly what the table shows."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from payesh import spreadsheets
from reports.progress import boards
from reports.progress.line import BEHIND, ON_TRACK
from tests import factories
from tests.reports.test_progress import AFTER_DEADLINE, build, selection
from tests.support import client_for

KHORDAD = {"year": "1405", "month": "3"}


@pytest.fixture
def data(people, reference):
    build(people)
    return people


def get(user, url, params=None):
    client = Client()
    client.force_login(user)
    return client.get(url, params or {})


def table_rows(html):
    start = html.index('id="province-table"')
    body = html[start:html.index("</table>", start)]
    return body


def dashboard_urls():
    return [
        reverse("dashboards:province"), reverse("dashboards:export", args=["csv"]),
        reverse("dashboards:export", args=["xlsx"]), reverse("dashboards:center", args=["CA"]),
        reverse("dashboards:center_area", args=["CA", "rural_nomadic"]),
        reverse("dashboards:center_month", args=["CA", 1405, 1]),
        reverse("dashboards:focus"), reverse("dashboards:reporting"), reverse("dashboards:years"),
    ]


def test_anonymous_visitors_go_to_login_from_every_dashboard_and_export(data):
    for url in dashboard_urls():
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_every_signed_in_user_reads_every_dashboard(data):
    for user in (data.director, data.planner, data.staff, data.head_a, data.head_b):
        for url in dashboard_urls():
            assert get(user, url, KHORDAD).status_code == 200, (user, url)


def test_home_is_the_dashboard_for_director_planner_staff_and_a_heads_months_for_heads(data):
    for user in (data.director, data.planner, data.staff):
        assert 'id="province-table"' in get(user, reverse("home")).content.decode()
    response = get(data.head_a, reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("entry:months", args=[data.center_a.code])
    # a head still reads the province dashboard, like everyone signed in
    assert 'id="province-table"' in get(data.head_a, reverse("dashboards:province")).content.decode()


def test_province_page_shows_the_hand_computed_numbers(data):
    html = get(data.director, reverse("dashboards:province"), KHORDAD).content.decode()
    rows = table_rows(html)
    # center B first (pace 116.7%), then A (80%)
    assert rows.index("مرکز ب") < rows.index("مرکز الف")
    for text in ("۲٬۴۰۰", "۹۰۰", "۱٬۰۵۰", "۴۴٪", "۱۱۷٪", "۲٬۸۰۰",  # B
                 "۱٬۸۰۰", "۴۰۰", "۳۲۰", "۱۸٪", "۸۰٪", "۱٬۴۴۰",  # A
                 "۴٬۲۰۰", "۱٬۳۰۰", "۱٬۳۷۰", "۳۳٪", "۱۰۵٪"):  # totals row
        assert text in rows, text
    assert "در مسیر" in rows and "عقب" in rows  # status words, not colour alone
    assert "ارسال‌نشده" in rows and "به‌موقع" in rows  # A's draft is missing, B on time
    headline = html[html.index('id="headline"'):html.index('id="province-table"')]
    assert "۱۰۵٪" in headline and "۵۰٪" in headline  # province pace, reporting rate 1 of 2


def test_a_filter_by_area_shows_no_commitment_not_zero(data):
    html = get(data.director, reverse("dashboards:province"), {**KHORDAD, "area": "rural_nomadic"}).content.decode()
    rows = table_rows(html)
    b_row = rows[rows.index("مرکز ب"):]
    b_row = b_row[:b_row.index("</tr>")]
    assert "بدون تعهد" in b_row and "۰٪" not in b_row
    assert "۱۱۰٪" in rows  # A's rural pace


def test_approved_only_switch(data):
    html = get(data.director, reverse("dashboards:province"), {**KHORDAD, "approved": "on"}).content.decode()
    rows = table_rows(html)
    assert "۱۷۰" in rows and "۶۷۰" in rows  # A 170, total 170 + 500


def test_table_sorts_by_every_column(data):
    for column in ("rank", "center", "county", "target", "expected", "actual", "achievement", "pace", "status",
                   "projection", "reporting"):
        for sort in (column, f"-{column}"):
            response = get(data.director, reverse("dashboards:province"), {**KHORDAD, "sort": sort})
            assert response.status_code == 200, sort
    rows = table_rows(get(data.director, reverse("dashboards:province"), {**KHORDAD, "sort": "pace"}).content.decode())
    assert rows.index("مرکز الف") < rows.index("مرکز ب")


def test_csv_export_is_what_the_table_shows(data):
    response = get(data.director, reverse("dashboards:export", args=["csv"]), {**KHORDAD, "sort": "-target"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["رتبه", "مرکز", "شهرستان", "سرعت پیشرفت (%)", "وضعیت", "تعهد سالانه"]
    assert [r[1] for r in rows[1:]] == ["مرکز ب", "مرکز الف", "جمع استان"]
    assert rows[1][3] == "117" and rows[1][5:9] == ["2400", "900", "1050", "44"]  # percentages as shown: 117%, 44%
    assert rows[3][5:8] == ["4200", "1300", "1370"]


def test_xlsx_export_has_real_numbers_persian_headers_and_reads_right_to_left(data):
    response = get(data.director, reverse("dashboards:export", args=["xlsx"]), KHORDAD)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft
    values = list(sheet.values)[spreadsheets.header_row(sheet) - 1:]  # under the title lines
    assert values[0][:6] == ("رتبه", "مرکز", "شهرستان", "سرعت پیشرفت", "وضعیت", "تعهد سالانه")
    assert values[1][:9] == (1, "مرکز ب", "مراغه", 1.17, "در مسیر", 2400, 900, 1050, 0.44)  # 117%, 44% as on the page
    assert values[2][7] == 320 and values[2][3] == pytest.approx(0.8)
    assert values[3][5:8] == (4200, 1300, 1370)
    assert sheet.cell(row=spreadsheets.header_row(sheet) + 1, column=4).number_format == "0%"


def test_center_dashboard_by_sector_area_rank_and_reports(data):
    html = get(data.director, reverse("dashboards:center", args=["CA"]), KHORDAD).content.decode()
    assert "۲ <small>از ۲" in html  # rank 2 of 2
    by_area = html[html.index('id="by-area"'):]
    by_area = by_area[:by_area.index("</table>")]
    assert "۲۱۰" in by_area and "۷۰٪" in by_area  # fixed urban: 210 of 300 expected
    assert "۱۱۰" in by_area and "۱۱۰٪" in by_area  # rural: 110 of 100 expected
    reports = html[html.index('id="reports"'):]
    assert "پیش‌نویس" in reports and "تأیید" in reports


def test_drill_down_area_and_month(data):
    html = get(data.director, reverse("dashboards:center_area", args=["CA", "rural_nomadic"]), KHORDAD).content.decode()
    months = html[html.index('id="months"'):]
    assert "۳۰" in months and "۸۰" in months
    html = get(data.director, reverse("dashboards:center_month", args=["CA", 1405, 1])).content.decode()
    figures = html[html.index('id="figures"'):]
    assert "۱۲۰" in figures and "۹۹۹" in figures and "نفردوره" in figures


def test_the_province_table_pages_are_numbered_in_the_pages_digits(data, monkeypatch):
    """templates/table.html (every django-tables2 table): the page numbers, the current one marked."""
    monkeypatch.setattr("dashboards.views.PER_PAGE", 1)
    html = get(data.director, reverse("dashboards:province"), KHORDAD).content.decode()
    pages = html[html.index('class="pagination"'):]
    pages = pages[:pages.index("</ul>")]
    assert re.search(r'aria-current="page">۱</a>', pages) and re.search(r">۲</a>", pages)


def test_a_closed_center_has_no_board_and_its_months_stay_readable(data):
    """Closed in the admin after reporting: the numbers follow active centers only, so its board
    (page, drill-down, API) is a 404 like an unknown center's, not a 500; its months still open."""
    data.center_b.active = False
    data.center_b.save(update_fields=["active"])
    for url in (reverse("dashboards:center", args=["CB"]), reverse("dashboards:center_area", args=["CB", "fixed_urban"]),
                reverse("api:center_board", args=["CB"])):
        assert get(data.director, url, KHORDAD).status_code == 404, url
    html = get(data.director, reverse("dashboards:center_month", args=["CB", 1405, 1])).content.decode()
    assert "۵۰۰" in html[html.index('id="figures"'):]
    assert get(data.director, reverse("dashboards:center", args=["CA"]), KHORDAD).status_code == 200


def test_focus_view_lists_lagging_centers_and_sectors(data):
    html = get(data.director, reverse("dashboards:focus"), KHORDAD).content.decode()
    rural = html[html.index('id="focus-rural_nomadic"'):html.index('id="focus-workplace"')]
    assert "مرکز الف" in rural and "۱۱۰٪" in rural and "مرکز ب" in rural  # B listed: no commitment
    sectors = html[html.index('id="sectors"'):]
    assert "۱٬۳۷۰" in sectors and "۱۰۵٪" in sectors


def test_reporting_page_lists_centers_that_have_not_reported(data):
    html = get(data.director, reverse("dashboards:reporting"), KHORDAD).content.decode()
    missing = html[html.index('id="not-reported"'):]
    missing = missing[:missing.index("</ul>")]
    assert "مرکز الف" in missing and "مرکز ب" not in missing
    rates = html[html.index('id="rates"'):]
    rates = rates[:rates.index("</table>")]
    assert "۵۰٪" in rates and "۱۰۰٪" in rates  # Khordad 1 of 2; Farvardin 2 of 2
    assert "۱۵۰٪" not in rates


def many_centers(province, count, prefix):
    """`count` centers with a commitment each and a report with figures for months 1..3; on
    PostgreSQL the tables analyzed afterwards, as autovacuum does after a load (statistics left
    by earlier tests' flushes say the tables are empty, and the board's statement then takes
    seconds with 200 centers)."""
    for i in range(count):
        center = factories.center(province, f"{prefix}{i:03d}")
        factories.commitment(center, target=1200)
        for month in (1, 2, 3):
            factories.report(center, month=month, status="approved", figures=[("public", "fixed_urban", "person_hours", 90)])
    if connection.vendor == "postgresql":  # counts the test transaction's own new rows
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE centers_center, commitments_commitment, reports_monthlyreport, reports_figure")


def query_counts(user):
    counts = {}
    client = Client()
    client.force_login(user)
    for url in dashboard_urls():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, KHORDAD).status_code == 200
        counts[url] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_centers(data, province, django_assert_max_num_queries):
    many_centers(province, 22, "N")  # 24 centers
    at_24 = query_counts(data.director)
    many_centers(province, 176, "M")  # 200 centers
    at_200 = query_counts(data.director)
    assert at_24 == at_200
    # Nothing is cached inside a test's transaction: these are the counts of a view when every
    # cache is cold (even the reference lists), and each page stays within 10.
    assert max(at_200.values()) <= 10, at_200
    client = Client()
    client.force_login(data.director)
    # session, user with roles, reference lists, 3 for the numbers, 1 for the heatmap's months,
    # 1 for last year to the same month
    with django_assert_max_num_queries(8):
        client.get(reverse("dashboards:province"), KHORDAD)
    with django_assert_max_num_queries(8):
        client.get(reverse("home"), KHORDAD)


def test_national_view_has_every_province_and_the_same_query_count(data, django_assert_max_num_queries):
    other = factories.province(code="other", name_fa="استان دیگر")
    far = factories.center(other, "FAR", "مرکز دور")
    factories.commitment(far, target=1200)
    factories.report(far, month=1, status="approved", figures=[("public", "fixed_urban", "person_hours", 500)])
    client = Client()
    client.force_login(data.director)
    province_html = client.get(reverse("dashboards:province"), KHORDAD).content.decode()
    assert "مرکز دور" not in province_html
    # the national view of every center is the national roles': a province's director gets 404
    assert client.get(reverse("dashboards:province"), {**KHORDAD, "province": "all"}).status_code == 404
    assert client.get(reverse("dashboards:province"), {**KHORDAD, "province": "other"}).status_code == 404
    client.force_login(factories.user("observer", roles.NATIONAL_OBSERVER))
    with django_assert_max_num_queries(7):  # no more than for one province: the count does not grow
        html = client.get(reverse("dashboards:province"), {**KHORDAD, "province": "all"}).content.decode()
    rows = table_rows(html)
    assert "مرکز دور" in rows and "۵٬۴۰۰" in rows  # national target 4200 + 1200


def test_the_national_view_lists_provinces_first_each_opening_its_own_dashboard(data):
    other = factories.province(code="other", name_fa="استان دیگر")
    far = factories.center(other, "FAR", "مرکز دور")
    factories.commitment(far, target=1200)  # even phasing: 100 a month, E(3) = 300
    factories.report(far, month=1, status="approved", figures=[("public", "fixed_urban", "person_hours", 500)])
    national = boards.board(selection(), now=AFTER_DEADLINE)
    by_code = {p.province.code: p for p in national.by_province}
    home = boards.board(selection(province=data.center_a.province), now=AFTER_DEADLINE)
    # each province adds its centers first and divides once: its line is its own dashboard's total
    east = by_code["east-azarbaijan"]
    assert (east.line.target, east.line.expected, east.line.actual) == (home.total.target, home.total.expected, home.total.actual)
    far_row = by_code["other"]
    assert (far_row.line.target, far_row.line.expected, far_row.line.actual) == (1200, 300, 500)
    assert far_row.line.rank == 1 and far_row.line.status == ON_TRACK  # pace 167%
    assert (east.owing, east.reported) == (2, 1) and (far_row.owing, far_row.reported) == (1, 0)  # Khordad
    assert east.behind == home.status_counts()[BEHIND] and east.centers == 2

    client = Client()
    client.force_login(factories.user("observer", roles.NATIONAL_OBSERVER))
    html = client.get(reverse("dashboards:province"), {**KHORDAD, "province": "all"}).content.decode()
    provinces = html[html.index('id="province-rows"'):html.index("</table>", html.index('id="province-rows"'))]
    assert provinces.index("استان دیگر") < provinces.index("آذربایجان شرقی")  # ranked by pace
    assert "۱۶۷٪" in provinces and "۱٬۲۰۰" in provinces and "?year=1405&amp;month=3&amp;province=other" in provinces
    assert html.index('id="province-rows"') < html.index('id="province-table"')  # provinces first
    national_table = table_rows(html)
    assert "استان دیگر" in national_table and "آذربایجان شرقی" in national_table  # a province column
    province_page = client.get(reverse("dashboards:province"), KHORDAD).content.decode()
    assert 'id="province-rows"' not in province_page and "استان دیگر" not in table_rows(province_page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/dashboard/?province=all", "/dashboard/focus/?province=all",
                                  "/dashboard/reporting/?province=all", "/dashboard/years/?province=all"])
def test_a_national_role_reads_the_national_pages_before_any_province_exists(reference, path):
    """A fresh installation: the national organization's people may sign in before a province is
    made (the national board and focus are put together from no province at all, and cached)."""
    from centers.models import Province

    Province.objects.all().delete()
    client = client_for(factories.user("observer", roles.NATIONAL_OBSERVER))
    for _view in range(2):  # computed, then from the cache
        response = client.get(path)
        assert response.status_code == 200, path
