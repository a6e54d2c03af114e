"""Year over year and the years of record, against numbers computed by hand.

Person-hours, public fixed urban; this year 1405 as of Khordad (month 3). Past years are closed.

  center A  1402 T=1200 A=1300 (108.3%, met)   1403 T=1200 A=1200 (100%, met: exactly the target)
            1404 T=1200 even (100 a month), months 1-3: 100 each, Esfand 1200 -> A=1500 (125%, met)
            -> 3 years in a row
            1405 T=1200 even, months 1-3: 120 each -> E(3)=300 A=360 pace 120%
  center B  1402 T=2400 A=2500 (104.2%, met)
            1403 T=2400 A=2000 (83.3%, missed; a returned month of 900 does not count)
            1404 T=2400 even (200), months 1-3: 150 each, Esfand 2150 -> A=2600 (108.3%, met)
            -> 1 year in a row (1403 missed)
            1405 T=2400 even, months 1-3: 210 each -> E(3)=600 A=630 pace 105%
  center C  opened in 1404: no commitment in 1402 and 1403
            1404 T=600 even (50) revised in Mehr to 500 with a reason (phasing kept in shape:
            42 x 8 then 41 x 4); months 1-3: 40 each, Esfand 430 -> A=550: 110% of the revised
            target (it would have been 91.7% of the original): met -> 1 year in a row
            1405 T=600 even (50), months 1-2: 60 each, month 3 a draft of 999 (never counted)
            -> E(3)=150 A=120 pace 80%
  province  1402 T=3600 A=3800 (105.6%, met)   1403 T=3600 A=3200 (88.9%, missed)
            1404 T=4100 A=4650 (113.4%, met) -> 1 year in a row
            1404 as of Khordad: T=4100 E(3)=300+600+126=1026 A(3)=300+450+120=870 pace 84.8%
            1405 as of Khordad: T=4200 E(3)=1050 A(3)=1110 pace 105.7% -> +20.9 points
"""

import datetime

import jdatetime
import pytest
from django.test import Client
from django.urls import reverse

from accounts import roles
from commitments import services
from commitments.models import Commitment, FiscalYear, Measure
from reports.progress import boards, years
from reports.progress.center_board import center_board
from reports.progress.selection import Selection
from tests import factories

PH = "person_hours"
FIG = ("public", "fixed_urban", PH)


def report(center, year, month, value, status="approved"):
    factories.report(center, year=year, month=month, status=status, figures=[(*FIG, value)])


def build(people, province):
    a, b = people.center_a, people.center_b
    c = factories.center(province, "CC", "مرکز پ", county_fa="اهر")
    for year in (1402, 1403, 1404):
        FiscalYear.objects.create(year=year)
    factories.commitment(a, year=1402, target=1200)
    report(a, 1402, 12, 1300)
    factories.commitment(a, year=1403, target=1200)
    report(a, 1403, 12, 1200)
    factories.commitment(a, year=1404, target=1200)
    for month in (1, 2, 3):
        report(a, 1404, month, 100)
    report(a, 1404, 12, 1200)
    factories.commitment(b, year=1402, target=2400)
    report(b, 1402, 12, 2500)
    factories.commitment(b, year=1403, target=2400)
    report(b, 1403, 12, 2000)
    report(b, 1403, 5, 900, status="returned")
    factories.commitment(b, year=1404, target=2400)
    for month in (1, 2, 3):
        report(b, 1404, month, 150)
    report(b, 1404, 12, 2150)
    c1404 = factories.commitment(c, year=1404, target=600)
    services.revise_commitment(c1404, people.planner, 500, letter_number="1404/ت/88", letter_date=datetime.date(2025, 10, 1),
                               reason="کارگاه جوشکاری در سیل آسیب دید", today=jdatetime.date(1404, 7, 1))
    for month in (1, 2, 3):
        report(c, 1404, month, 40)
    report(c, 1404, 12, 430)
    FiscalYear.objects.filter(year__lt=1405).update(closed=True)

    factories.commitment(a, target=1200)
    factories.commitment(b, target=2400)
    factories.commitment(c, target=600)
    for month in (1, 2, 3):
        report(a, 1405, month, 120)
        report(b, 1405, month, 210)
    report(c, 1405, 1, 60)
    report(c, 1405, 2, 60, status="submitted")
    report(c, 1405, 3, 999, status="draft")
    return a, b, c


@pytest.fixture
def data(people, reference, province):
    a, b, c = build(people, province)
    return people, a, b, c


def selection(province):
    return Selection(year=1405, month=3, measure=Measure.objects.get(code=PH), province=province)


def finals(record):
    return [(year, line.target, line.actual, line.achievement and round(line.achievement, 3), met)
            for year, line, met in record.years]


def test_the_revised_commitment_keeps_its_reason_and_its_shape(data):
    _people, _a, _b, c = data
    revised = Commitment.objects.get(center=c, year=1404)
    assert revised.target == 500 and revised.phased == [42] * 8 + [41] * 4
    assert revised.history.first().history_change_reason == "کارگاه جوشکاری در سیل آسیب دید"


def test_the_province_record_and_year_over_year(data, province):
    _people, a, b, c = data
    board = boards.board(selection(province))
    found = years.province_years(selection(province), centers=[r.center for r in board.rows])
    assert found.record_years == [1402, 1403, 1404]
    assert finals(found.record) == [(1402, 3600, 3800, 1.056, True), (1403, 3600, 3200, 0.889, False),
                                    (1404, 4100, 4650, 1.134, True)]
    assert found.record.years_met == 1
    this, last = found.total.this, found.total.last
    assert (this.target, this.expected, this.actual) == (4200, 1050, 1110)
    assert (last.target, last.expected, last.actual) == (4100, 1026, 870)
    assert round(last.pace, 3) == 0.848 and round(last.achievement, 3) == 0.212
    assert round(found.total.pace_change, 3) == round(1110 / 1050 - 870 / 1026, 3) == 0.209
    # this year's side is the board's own total: one engine
    assert (this.target, this.expected, this.actual, this.pace) == (
        board.total.target, board.total.expected, board.total.actual, board.total.pace)

    by_code = {ref.code: (comparison, record) for ref, comparison, record in found.centers}
    assert finals(by_code["CA"][1]) == [(1402, 1200, 1300, 1.083, True), (1403, 1200, 1200, 1.0, True),
                                        (1404, 1200, 1500, 1.25, True)]
    assert by_code["CA"][1].years_met == 3
    assert finals(by_code["CB"][1]) == [(1402, 2400, 2500, 1.042, True), (1403, 2400, 2000, 0.833, False),
                                        (1404, 2400, 2600, 1.083, True)]
    assert by_code["CB"][1].years_met == 1
    # opened in 1404: no commitment before, met on its revised target
    assert finals(by_code["CC"][1]) == [(1402, 0, 0, None, False), (1403, 0, 0, None, False), (1404, 500, 550, 1.1, True)]
    assert by_code["CC"][1].years_met == 1

    a_now, a_then = by_code["CA"][0].this, by_code["CA"][0].last
    assert (a_now.expected, a_now.actual, a_now.pace, a_then.expected, a_then.actual, a_then.pace) == (300, 360, 1.2, 300, 300, 1.0)
    c_now, c_then = by_code["CC"][0].this, by_code["CC"][0].last
    assert (c_now.target, c_now.expected, c_now.actual, c_now.pace) == (600, 150, 120, 0.8)
    assert (c_then.target, c_then.expected, c_then.actual) == (500, 126, 120)
    # the cumulative curves: past years whole, this year to Khordad
    curves = dict(found.curves)
    assert [a for _e, a in curves[1404].cumulative()][:3] == [290, 580, 870]
    assert curves[1404].cumulative()[-1] == (4100, 4650)
    assert curves[1405].cumulative()[2] == (1050, 1110) and curves[1405].cumulative()[3][1] is None


def test_a_center_record_starts_when_it_opened(data, province):
    _people, _a, _b, c = data
    cb = center_board(selection(province), c, earlier_years=years.earlier(1405))
    found = years.center_years(selection(province), cb)
    assert found.record_years == [1404]
    assert finals(found.record) == [(1404, 500, 550, 1.1, True)] and found.record.years_met == 1
    [public] = found.by_sector
    assert (public.this.actual, public.last.actual, public.last.expected) == (120, 120, 126)
    assert [cmp.label for cmp in found.by_area] == ["کارگاه‌های ثابت شهری"]


def test_approved_only_leaves_out_submitted_months(data, province):
    _people, _a, _b, c = data
    scope = Selection(year=1405, month=3, measure=Measure.objects.get(code=PH), province=province, approved_only=True)
    found = years.center_years(scope, center_board(scope, c, earlier_years=years.earlier(1405)))
    assert found.total.this.actual == 60  # Ordibehesht is only submitted


def test_all_the_years_take_one_query(data, province, django_assert_num_queries):
    from commitments import reference

    scope = selection(province)
    centers = [r.center for r in boards.board(scope).rows]
    with reference.remembered():
        reference.lists()
        with django_assert_num_queries(1):
            years.province_years(scope, centers=centers)


def test_the_dashboards_show_the_comparison_and_the_record(data, province):
    people, _a, _b, c = data
    client = Client()
    client.force_login(people.director)
    province_page = client.get(reverse("dashboards:province"), {"year": 1405, "month": 3}).content.decode()
    assert f'{reverse("dashboards:years")}?year=1405&amp;month=3' in province_page  # linked from the dashboard
    card = province_page[province_page.index('id="last-year"'):]
    card = card[:card.index("</div>")]
    assert "۸۵٪" in card and "۲۱٪" in card  # 1404 to Khordad: pace 84.8%, achievement 21.2%
    # the change in pace (105.7% - 84.8%) is in percentage points, never with a "%"
    assert '<span dir="ltr">+۲۱</span> واحد درصد' in card and "+۲۱٪" not in card
    html = client.get(reverse("dashboards:years"), {"year": 1405, "month": 3}).content.decode()
    record = html[html.index('id="record"'):]
    record = record[:record.index("</table>")]
    assert "۱۱۳٪" in record and "۸۹٪" in record and "۱۰۶٪" in record  # the province's three years
    cc = record[record.index("مرکز پ"):]
    cc = cc[:cc.index("</tr>")]
    assert "۱۱۰٪" in cc and cc.count("—") >= 2  # opened in 1404
    yoy = html[html.index('id="year-over-year"'):]
    yoy = yoy[:yoy.index("</table>")]
    assert "۸۷۰" in yoy and "۱٬۱۱۰" in yoy and "۸۵٪" in yoy and "۱۰۶٪" in yoy
    assert yoy.count('href="/dashboard/center/') == 3  # the centers link to their dashboards, sectors and areas do not
    assert 'id="chart-years"' in html and "تحقق نهایی هر سال" in html  # the note in Persian

    page = client.get(reverse("dashboards:center", args=["CC"]), {"year": 1405, "month": 3}).content.decode()
    assert 'id="record"' in page and "۱۱۰٪" in page[page.index('id="record"'):]


def test_the_meeting_summary_freezes_and_exports_the_record(data, province):
    import io

    from docx import Document
    from openpyxl import load_workbook

    from meetings import services as meetings
    from meetings.exports.pdf import render_html
    from meetings.models import Meeting

    people, _a, _b, _c = data
    m = Meeting.objects.create(province=province, date=datetime.date(2026, 6, 30), title="جلسه پایش خرداد", year=1405,
                               month=3, chair=people.director, created_by=people.staff)
    m = meetings.finalize(m, people.staff)
    assert m.snapshot["province"]["years_met"] == 1
    assert [f[2] for f in m.snapshot["province"]["finals"]] == [True, False, True]
    cc = next(r for r in m.snapshot["centers"] if r["center_code"] == "CC")
    assert cc["finals"] == [[1402, None, False], [1403, None, False], [1404, 1.1, True]] and cc["years_met"] == 1

    client = Client()
    client.force_login(people.staff)
    page = client.get(reverse("meetings:detail", args=[m.pk])).content.decode()
    record = page[page.index('id="record"'):]
    record = record[:record.index("</table>")]
    assert "۱۱۳٪" in record and "۸۹٪" in record and "۱۲۵٪" in record and "۱۱۰٪" in record

    book = load_workbook(io.BytesIO(client.get(reverse("meetings:export", args=[m.pk, "xlsx"])).content))
    sheet = book.worksheets[1]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in sheet[1]][1:4] == ["۱۴۰۲", "۱۴۰۳", "۱۴۰۴"]
    # ratios as the percentages shown (payesh.display), kept as numbers
    assert rows["استان"][3] == 1 and rows["استان"][1] == 0.89
    assert rows["مرکز ب"] == (1.04, 0.83, 1.08, 1)
    assert rows["مرکز پ"][:3] == (None, None, 1.1)

    document = Document(io.BytesIO(client.get(reverse("meetings:export", args=[m.pk, "docx"])).content))
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    assert "۱۱۳٪" in cells and "۸۳٪" in cells
    html = render_html(m)
    assert "۱۱۳٪" in html[html.index("record"):] and "۱۱۰٪" in html[html.index("record"):]


def test_the_national_view_shows_the_countrys_years_with_each_province(data, province):
    """The country's years (every province's centers added up) with each province's row, linking
    to that province's own years; the national view's dashboard links to it."""
    tehran = factories.province("tehran", "تهران")
    t1 = factories.center(tehran, "T1", "مرکز تهران یک")
    factories.commitment(t1, target=1000)
    for month in (1, 2, 3):
        report(t1, 1405, month, 100)
    client = Client()
    client.force_login(factories.user("observer", roles.NATIONAL_OBSERVER))
    html = client.get(reverse("dashboards:years"), {"year": 1405, "month": 3, "province": "all"}).content.decode()
    yoy = html[html.index('id="year-over-year"'):]
    yoy = yoy[:yoy.index("</table>")]
    assert "۵٬۲۰۰" in yoy and "۱٬۴۱۰" in yoy  # 1405 to Khordad: T=4200+1000, A(3)=1110+300
    assert f'href="/dashboard/years/?year=1405&amp;month=3&amp;province={tehran.pk}"' in yoy
    assert 'href="/dashboard/center/' not in html  # no center of any province is listed
    record = html[html.index('id="record"'):]
    record = record[:record.index("</table>")]
    row = record[record.index("تهران"):]
    assert row[:row.index("</tr>")].count("—") == 3  # Tehran has no earlier year
    assert "۱۱۳٪" in record  # 1404 of the country: East Azerbaijan's alone
    national = client.get(reverse("dashboards:province"), {"year": 1405, "month": 3, "province": "all"}).content.decode()
    assert 'id="years-link"' in national
    director = Client()
    director.force_login(data[0].director)  # a province's people do not open the country's years
    assert director.get(reverse("dashboards:years"), {"year": 1405, "month": 3, "province": "all"}).status_code == 404


def test_the_countrys_years_take_one_query(data, province, django_assert_num_queries):
    from commitments import reference

    country = Selection(year=1405, month=3, measure=Measure.objects.get(code=PH))
    centers = [r.center for r in boards.board(country, breakdown=False).rows]
    with reference.remembered():
        reference.lists()
        with django_assert_num_queries(1):
            found = years.national_years(country, centers)
    assert [p.code for p, _c, _r in found.provinces] == [province.code]
    assert found.total.this.actual == 1110 and found.provinces[0][1].this.actual == 1110
