"""The running month is not a missed month (docs/design.md, "The running month"), checked against
numbers computed by hand on the 1st, the 16th and the last day of a month, and at the year's end.

Year 1405, person-hours, fixed urban workshops, even phasing:
  center A  T=1200 (100 a month); reports of months 1-7 with 100 each, Aban (8) submitted with 120
  center B  T=2400 (200 a month); reports of months 1-7 with 180 each, no report of Aban,
            a draft of Azar (9) with 300 (never counted)
  Azar has 30 days; Aban's reports are due by 5 Azar, Azar's by 5 Dey.

As of Azar on 1 Azar (Aban awaiting, Azar running, day 1 of 30): Aban is due for A, who reported
  it, not yet for B; Azar for nobody.
  A: E = 8 x 100 = 800, A = 700 + 120 = 820, pace 102.5% on track
  B: E = 7 x 200 = 1400, A = 7 x 180 = 1260, pace 90% slightly behind
  province: E = 2200, A = 2080, pace 94.5%
On 16 Azar (Aban closed, B's Aban missing; Azar running, day 16 of 30):
  A: E = 800, pace 102.5%; B: E = 8 x 200 = 1600, pace 78.75% behind; province E = 2400, 86.7%
  (counting Azar's whole target, as before: B 70%, province E = 2700, 77.0%)
On 30 Azar (the last day, day 30 of 30) A submits Azar with 110: Azar is due for A.
  A: E = 900, A = 930, pace 103.3%; B unchanged; province E = 2500, A = 2190, 87.6%
On 6 Dey Azar is closed: B: E = 1800, pace 70%; province E = 2700, A = 2190, 81.1%
"""

import datetime
import io

import jdatetime
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from commitments.models import Measure
from payesh import jalali
from reports.progress import as_of, boards, years
from reports.progress.line import BEHIND, NOTHING_EXPECTED, ON_TRACK, SLIGHTLY_BEHIND
from reports.progress.selection import Selection
from reports.progress.statements import fill_months
from tests import factories
from tests.api_helpers import ApiClient, token_for

PH = [("public", "fixed_urban", "person_hours")]


def moment(year, month, day, hour=12):
    """An aware datetime at `hour` o'clock in Tehran on a Jalali day."""
    g = jdatetime.date(year, month, day).togregorian()
    return datetime.datetime(g.year, g.month, g.day, hour, tzinfo=jalali.TEHRAN)


def figures(value):
    return [(*PH[0], value)]


def build(people):
    a, b = people.center_a, people.center_b
    factories.commitment(a, target=1200)
    factories.commitment(b, target=2400)
    for month in range(1, 8):
        factories.report(a, month=month, figures=figures(100))
        factories.report(b, month=month, figures=figures(180))
    factories.report(a, month=8, figures=figures(120))
    factories.report(b, month=9, status="draft", figures=figures(300))


@pytest.fixture
def data(people, reference):
    build(people)
    return people


@pytest.fixture
def today(monkeypatch):
    """Sets Django's clock (every "now" of Payesh reads it) to noon of a Jalali day in Tehran."""
    def set_today(year, month, day):
        now = moment(year, month, day)
        monkeypatch.setattr(timezone, "now", lambda: now)
        return now
    return set_today


def selection(month=9, year=1405, **extra):
    return Selection(year=year, month=month, measure=Measure.objects.get(code="person_hours"), **extra)


def numbers(board):
    rows = {r.center.code: r.line for r in board.rows}
    return {code: (line.expected, line.actual, line.status) for code, line in rows.items()}, (board.total.expected, board.total.actual)


def test_on_the_first_of_azar_an_open_month_is_due_only_for_the_centers_that_reported_it(data):
    now = moment(1405, 9, 1)
    board = boards.board(selection(), now=now)
    assert numbers(board) == ({"CA": (800, 820, ON_TRACK), "CB": (1400, 1260, SLIGHTLY_BEHIND)}, (2200, 2080))
    assert board.total.pace == pytest.approx(2080 / 2200)
    assert (board.as_of.phase, board.as_of.day, board.as_of.days, board.as_of.open_months) == (as_of.RUNNING, 1, 30, (8, 9))
    # as of Aban, awaiting its reports: the same numbers, B's Aban not held against it yet
    assert numbers(boards.board(selection(8), now=now))[1] == (2200, 2080)


def test_on_the_sixteenth_the_running_month_lowers_no_ones_pace(data):
    now = moment(1405, 9, 16)
    board = boards.board(selection(), now=now)
    assert numbers(board) == ({"CA": (800, 820, ON_TRACK), "CB": (1600, 1260, BEHIND)}, (2400, 2080))
    assert board.total.pace == pytest.approx(2080 / 2400)  # 86.7%, not 77.0% with Azar's whole target due
    assert board.status_counts() == {ON_TRACK: 1, SLIGHTLY_BEHIND: 0, BEHIND: 1}
    # the board as of Azar so far says what the default (Aban, the last month whose deadline passed) says
    assert numbers(boards.board(selection(8), now=now)) == numbers(board)
    assert (board.as_of.phase, board.as_of.day, board.as_of.open_months) == (as_of.RUNNING, 16, (9,))
    assert (board.reported, board.owing, board.drafts, board.month_target, board.month_actual) == (0, 2, 1, 300, 0)


def test_on_the_last_day_a_center_that_reported_the_month_is_judged_on_it(data):
    factories.report(data.center_a, month=9, figures=figures(110))
    board = boards.board(selection(), now=moment(1405, 9, 30))
    assert numbers(board) == ({"CA": (900, 930, ON_TRACK), "CB": (1600, 1260, BEHIND)}, (2500, 2190))
    assert board.rows[0].line.pace == pytest.approx(930 / 900)
    assert (board.as_of.day, board.as_of.days) == (30, 30)
    assert (board.reported, board.month_actual, board.month_target) == (1, 110, 300)
    # a day later Azar awaits its reports: the same numbers; after its deadline all of it is due
    assert numbers(boards.board(selection(), now=moment(1405, 10, 1)))[1] == (2500, 2190)
    closed = boards.board(selection(), now=moment(1405, 10, 6))
    assert numbers(closed) == ({"CA": (900, 930, ON_TRACK), "CB": (1800, 1260, BEHIND)}, (2700, 2190))
    assert closed.as_of.phase == as_of.CLOSED and closed.as_of.open_months == ()


def test_the_sector_and_area_lines_and_the_heatmap_follow_the_same_rule(data):
    board = boards.board(selection(), now=moment(1405, 9, 16))
    (public,), (fixed,) = board.by_sector, board.by_area
    assert (public.expected, public.actual) == (fixed.expected, fixed.actual) == (2400, 2080)
    rows = {r.center.code: r.line for r in board.rows}
    fill_months(board.selection, rows.values())  # the heatmap's months
    assert rows["CB"].monthly_pace(8) == 0  # Aban closed: missing, 0%
    assert rows["CB"].monthly_pace(9) is None  # Azar open and not reported: no 0%
    assert rows["CA"].monthly_pace(8) == pytest.approx(1.2)


def test_the_years_of_record_and_a_centers_board_use_the_same_expected(data):
    now = moment(1405, 9, 16)
    found = years.province_years(selection(province=data.center_a.province), now=now)
    assert (found.total.this.expected, found.total.this.actual) == (2400, 2080)
    from reports.progress.center_board import center_board
    cb = center_board(selection(), data.center_b, now=now)
    assert (cb.row.line.expected, cb.row.line.actual, cb.row.line.rank, cb.of) == (1600, 1260, 2, 2)
    assert cb.as_of.running


def test_the_default_is_the_last_month_whose_deadline_has_passed():
    assert as_of.default_month(moment(1405, 9, 16)) == (1405, 8)
    assert as_of.default_month(moment(1405, 10, 3)) == (1405, 8)  # Azar still awaits its reports
    assert as_of.default_month(moment(1405, 10, 6)) == (1405, 9)
    assert as_of.default_month(moment(1406, 1, 1)) == (1405, 11)
    assert as_of.default_month(moment(1406, 2, 6)) == (1406, 1)
    assert as_of.latest_month(1405, moment(1405, 9, 16)) == 9
    assert as_of.latest_month(1404, moment(1405, 9, 16)) == 12
    assert as_of.latest_month(1406, moment(1405, 9, 16)) == 1


@pytest.mark.parametrize("day, phase, words", [
    ((1405, 9, 16), as_of.RUNNING, "Azar 1405 so far (day 16 of 30)"),
    ((1405, 10, 2), as_of.AWAITING, "to the end of Azar 1405 (reports due by 1405/10/05)"),
    ((1405, 10, 6), as_of.CLOSED, "to the end of Azar 1405"),
    ((1405, 8, 20), as_of.PLAN, "Azar 1405 has not begun: the plan only"),
])
def test_the_as_of_label(day, phase, words):
    found = as_of.as_of(1405, 9, moment(*day))
    with translation.override("en"):
        assert (found.phase, found.label) == (phase, words)
    with translation.override("fa"):
        assert "آذر ۱۴۰۵" in found.label


def test_at_the_years_end(data, people):
    a, b = people.center_a, people.center_b
    for month in range(8, 12):  # A reports every month up to Bahman; B has not reported since Tir
        if month != 8:
            factories.report(a, month=month, figures=figures(100))
    factories.commitment(a, year=1406, target=1200)
    factories.commitment(b, year=1406, target=2400)
    # the last day of Esfand 1405 (29 days): Esfand so far is due for nobody; Bahman closed
    board = boards.board(selection(12), now=moment(1405, 12, 29))
    assert (board.as_of.phase, board.as_of.day, board.as_of.days) == (as_of.RUNNING, 29, 29)
    assert numbers(board) == ({"CA": (1100, 1120, ON_TRACK), "CB": (2200, 1260, BEHIND)}, (3300, 2380))
    # 1 Farvardin 1406: Esfand 1405 awaits its reports (the same numbers), the new year's first
    # month is running and nothing of it is due yet
    new_year = moment(1406, 1, 1)
    assert as_of.as_of(1405, 12, new_year).phase == as_of.AWAITING
    assert numbers(boards.board(selection(12), now=new_year))[1] == (3300, 2380)
    first = boards.board(selection(1, year=1406), now=new_year)
    assert numbers(first) == ({"CA": (0, 0, NOTHING_EXPECTED), "CB": (0, 0, NOTHING_EXPECTED)}, (0, 0))
    assert (first.total.target, first.rows[0].line.rank) == (3600, None)
    # after 5 Farvardin Esfand 1405 is closed: all of it due
    assert numbers(boards.board(selection(12), now=moment(1406, 1, 6)))[1] == (3600, 2380)


# --- what the pages, the API, the exports and the minutes show ---------------------------------------


def get(user, url, params=None, language="en"):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get(url, params or {})


def test_the_month_list_offers_months_up_to_the_running_one_so_far(data, today):
    today(1405, 9, 16)
    response = get(data.director, reverse("dashboards:province"))
    filters = response.context["filters"]
    assert (response.context["selection"].year, response.context["selection"].month) == (1405, 8)
    assert [m for m, _label in filters.fields["month"].choices] == list(range(1, 10))
    assert dict(filters.fields["month"].choices)[9] == "Azar (so far)"
    assert 'id="open-month"' not in response.content.decode()  # the default month is closed


def test_a_month_after_the_running_one_is_dropped_with_a_note_and_refused_by_the_api(data, today):
    today(1405, 9, 16)
    response = get(data.director, reverse("dashboards:province"), {"year": "1405", "month": "10"})
    html = response.content.decode()
    assert response.context["selection"].month == 8
    assert "Dey 1405 has not begun" in html
    answer = ApiClient(token_for(data.director), language="en").get("/api/board/?year=1405&month=10")
    assert answer.status_code == 400
    assert "Dey 1405 has not begun" in str(answer.json())


@pytest.mark.parametrize("language, words", [
    ("en", ["Azar 1405 so far (day 16 of 30)", "0 of 2 centers reported", "drafts started: 1",
            "0 counted of the month's target of 300", "reports due by 1405/10/05"]),
    ("fa", ["آذر ۱۴۰۵ تا امروز (روز ۱۶ از ۳۰)", "۰ از ۲ مرکز گزارش داده‌اند", "پیش‌نویس‌های آغازشده: ۱"]),
])
def test_the_province_page_as_of_the_running_month_says_so_and_keeps_the_pace(data, today, language, words):
    today(1405, 9, 16)
    response = get(data.director, reverse("dashboards:province"), {"year": "1405", "month": "9"}, language)
    html = response.content.decode()
    for text in words:
        assert text in html
    board = response.context["body"] and boards.board(selection(province=data.center_a.province))
    assert (board.total.expected, board.total.actual) == (2400, 2080)
    assert 'class="reporting-rate"' not in html  # no 0% reporting rate for a month not yet due


def test_the_api_board_and_the_exports_say_what_the_numbers_are_as_of(data, today):
    today(1405, 9, 16)
    api = ApiClient(token_for(data.director), language="en").get("/api/board/?year=1405&month=9").json()
    assert api["as_of"] == {"year": 1405, "month": 9, "phase": "running", "day": 16, "days": 30, "open_months": [9],
                            "due_date": "2026-12-26", "label": "Azar 1405 so far (day 16 of 30)"}
    assert (api["total"]["expected"], api["total"]["actual"]) == (2400, 2080)
    center = ApiClient(token_for(data.director), language="en").get("/api/centers/CB/board/?year=1405&month=9").json()
    assert (center["numbers"]["expected"], center["as_of"]["phase"]) == (1600, "running")
    export = get(data.director, reverse("dashboards:export", args=["csv"]), {"year": "1405", "month": "9"})
    assert export["Content-Disposition"] == 'attachment; filename="payesh-east-azarbaijan-1405-09-so-far-person_hours.csv"'
    assert "2400" in export.content.decode("utf-8-sig").splitlines()[-1]
    closed = get(data.director, reverse("dashboards:export", args=["csv"]), {"year": "1405", "month": "8"})
    assert closed["Content-Disposition"] == 'attachment; filename="payesh-east-azarbaijan-1405-08-person_hours.csv"'
    workbook = get(data.director, reverse("dashboards:export", args=["xlsx"]), {"year": "1405", "month": "9"})
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet["A4"].value == "Azar 1405 so far (day 16 of 30)"  # the title lines say it as the page does


def test_a_meeting_about_the_running_month_freezes_what_its_figures_were_as_of(data, today):
    from meetings import services, snapshot
    from meetings.exports.content import minutes_content
    from meetings.models import Meeting

    today(1405, 9, 16)
    meeting = Meeting.objects.create(province=data.center_a.province, date=datetime.date(2026, 12, 7), title="t",
                                     year=1405, month=9, created_by=data.planner)
    services.finalize(meeting, data.planner)
    meeting.refresh_from_db()
    assert meeting.snapshot["province"]["as_of"]["phase"] == "running"
    assert (meeting.snapshot["province"]["expected"], meeting.snapshot["province"]["actual"]) == (2400, 2080)
    today(1405, 10, 20)  # later, the frozen words stay those of the day it was frozen
    with translation.override("fa"):
        facts = dict(minutes_content(meeting).facts)
    assert "آذر ۱۴۰۵ تا امروز (روز ۱۶ از ۳۰)" in str(facts[translation.gettext("reviewed")])
    html = get(data.director, reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert '<span id="as-of">figures Azar 1405 so far (day 16 of 30)</span>' in html
    assert snapshot.as_of({}, 1405, 8).label  # a snapshot frozen before: to the end of its month
