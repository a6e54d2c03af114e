"""The progress rules, checked against numbers computed by hand.

Year 1405, as of Khordad (month 3), person-hours:
  center A  fixed_urban  T=1200 even (100 a month)          E(3)=300  A = 120 (m1 submitted) + 90 (m2 approved) = 210
                         (m3 is a draft with 500: not counted)
            rural        T=600 phased 0,0,100,100,... (custom) E(3)=100  A = 30 (m1) + 80 (m2) = 110
            total        T=1800 E=400 A=320 -> achievement 17.8%, pace 80%, projection 1440, behind
  center B  fixed_urban  T=2400 phased 400,200,300,...       E(3)=900  A = 500 (m1 approved) + 550 (m3 submitted) = 1050
                         (m2 returned with 900: not counted); no rural commitment
            total        pace 116.7%, achievement 43.75%, projection 2800, on track
  province  T=4200 E=1300 A=1370 -> pace 105.4% (not the mean of 80% and 116.7%)
"""

import datetime

import pytest

from commitments.models import Measure, TrainingArea
from payesh import jalali
from reports import deadlines
from reports.models import MonthlyReport
from reports.progress import boards
from reports.progress.center_board import area_months, center_board
from reports.progress.line import BEHIND, NO_COMMITMENT, NOTHING_EXPECTED, ON_TRACK, SLIGHTLY_BEHIND, Line, rank, status_for
from reports.progress.reporting_grid import reporting_grid
from reports.progress.selection import Selection
from tests import factories

PH = "person_hours"
B_PHASING = [400, 200, 300, 200, 200, 200, 200, 200, 200, 200, 100, 0]
RURAL_PHASING = [0, 0, 100, 100, 100, 100, 50, 50, 50, 50, 0, 0]
AFTER_DEADLINE = datetime.datetime(2026, 7, 10, 12, 0, tzinfo=jalali.TEHRAN)


def build(people):
    a, b = people.center_a, people.center_b
    factories.commitment(a, target=1200)
    factories.commitment(a, area="rural_nomadic", target=600, phasing=RURAL_PHASING)
    factories.commitment(a, measure="person_courses", target=50)
    factories.commitment(b, target=2400, phasing=B_PHASING)
    factories.report(a, month=1, status="submitted", figures=[
        ("public", "fixed_urban", PH, 120), ("public", "rural_nomadic", PH, 30),
        ("public", "fixed_urban", "person_courses", 999),
    ])
    factories.report(a, month=2, status="approved", figures=[
        ("public", "fixed_urban", PH, 90), ("public", "rural_nomadic", PH, 80),
    ])
    factories.report(a, month=3, status="draft", figures=[("public", "fixed_urban", PH, 500)])
    factories.report(b, month=1, status="approved", figures=[("public", "fixed_urban", PH, 500)])
    factories.report(b, month=2, status="returned", figures=[("public", "fixed_urban", PH, 900)])
    b3 = factories.report(b, month=3, status="submitted", figures=[("public", "fixed_urban", PH, 550)])
    MonthlyReport.objects.filter(pk=b3.pk).update(submitted_at=datetime.datetime(2026, 6, 20, 10, tzinfo=jalali.TEHRAN))


@pytest.fixture
def data(people, reference):
    build(people)
    return people


def selection(**extra):
    return Selection(year=1405, month=3, measure=Measure.objects.get(code=PH), **extra)


def rows_by_code(board):
    return {r.center.code: r for r in board.rows}


def test_center_numbers_add_areas_first_and_skip_drafts_and_returned(data):
    rows = rows_by_code(boards.board(selection(), now=AFTER_DEADLINE))
    a, b = rows["CA"].line, rows["CB"].line
    assert (a.target, a.expected, a.actual) == (1800, 400, 320)
    assert a.achievement == pytest.approx(320 / 1800)
    assert a.pace == pytest.approx(0.8)
    assert a.projection == pytest.approx(1440)
    assert a.status == BEHIND
    assert (b.target, b.expected, b.actual) == (2400, 900, 1050)
    assert b.pace == pytest.approx(1050 / 900) and b.status == ON_TRACK
    assert b.projection == pytest.approx(2800)
    assert (rows["CB"].line.rank, rows["CA"].line.rank) == (1, 2)


def test_province_adds_first_and_divides_once(data):
    total = boards.board(selection(), now=AFTER_DEADLINE).total
    assert (total.target, total.expected, total.actual) == (4200, 1300, 1370)
    assert total.pace == pytest.approx(1370 / 1300)  # 105.4%, not (80% + 116.7%) / 2
    assert total.achievement == pytest.approx(1370 / 4200)
    assert total.projection == pytest.approx(1370 * 4200 / 1300)


def test_by_sector_and_by_area(data):
    board = boards.board(selection(), now=AFTER_DEADLINE)
    assert [(s.key.code, s.target, s.expected, s.actual) for s in board.by_sector] == [("public", 4200, 1300, 1370)]
    areas = {ln.key.code: ln for ln in board.by_area}
    assert (areas["fixed_urban"].target, areas["fixed_urban"].expected, areas["fixed_urban"].actual) == (3600, 1200, 1260)
    assert (areas["rural_nomadic"].target, areas["rural_nomadic"].expected, areas["rural_nomadic"].actual) == (600, 100, 110)
    assert areas["rural_nomadic"].pace == pytest.approx(1.1)


def test_a_center_without_commitment_in_an_area_has_no_ratio(data):
    rural = TrainingArea.objects.get(code="rural_nomadic")
    rows = rows_by_code(boards.board(selection(area=rural), now=AFTER_DEADLINE))
    b = rows["CB"].line
    assert b.target == 0 and b.achievement is None and b.pace is None and b.projection is None
    assert b.status == NO_COMMITMENT and b.rank is None
    assert rows["CA"].line.rank == 1 and rows["CA"].line.pace == pytest.approx(1.1)


def test_approved_only_counts_approved_months(data):
    rows = rows_by_code(boards.board(selection(approved_only=True), now=AFTER_DEADLINE))
    assert rows["CA"].line.actual == 170  # month 2 only
    assert rows["CB"].line.actual == 500  # month 1 only
    assert rows["CB"].line.pace == pytest.approx(500 / 900)


def test_over_fulfilment_is_not_capped(people, reference):
    factories.commitment(people.center_a, target=120)  # 10 a month
    factories.report(people.center_a, month=1, status="approved", figures=[("public", "fixed_urban", PH, 300)])
    line = rows_by_code(boards.board(selection()))["CA"].line
    assert line.actual == 300 and line.achievement == pytest.approx(2.5) and line.pace == pytest.approx(10)
    assert line.projection == pytest.approx(1200)  # 300 x 120 / 30


def test_nothing_phased_yet_gives_achievement_but_no_pace(people, reference):
    factories.commitment(people.center_a, target=600, area="rural_nomadic", phasing=RURAL_PHASING)
    as_of_ordibehesht = Selection(year=1405, month=2, measure=Measure.objects.get(code=PH))
    line = rows_by_code(boards.board(as_of_ordibehesht))["CA"].line
    assert line.expected == 0 and line.achievement == 0 and line.pace is None
    assert line.status == NOTHING_EXPECTED


@pytest.mark.parametrize("pace, status", [
    (1.0, ON_TRACK), (0.9999, SLIGHTLY_BEHIND), (0.9, SLIGHTLY_BEHIND),
    (0.8999, BEHIND), (None, None),
])
def test_status_thresholds(pace, status):
    assert status_for(pace) == status


def test_status_thresholds_come_from_settings(settings):
    settings.PAYESH_ON_TRACK_PACE = 1.1
    settings.PAYESH_SLIGHTLY_BEHIND_PACE = 0.5
    assert status_for(1.05) == SLIGHTLY_BEHIND
    assert status_for(0.6) == SLIGHTLY_BEHIND


def test_ties_share_a_rank():
    lines = [Line(phased=[10] * 12, monthly=[v] + [0] * 11, month=1) for v in (10, 12, 10, 5)]
    rank(lines)
    assert [ln.rank for ln in lines] == [2, 1, 2, 4]


def test_reporting_status_and_rate(data):
    board = boards.board(selection(), now=AFTER_DEADLINE)
    rows = rows_by_code(board)
    assert rows["CA"].reporting == deadlines.MISSING  # a draft after the deadline
    assert rows["CB"].reporting == deadlines.ON_TIME
    assert (board.owing, board.reported, board.reporting_rate) == (2, 1, 0.5)


def test_reporting_rate_never_passes_100_percent(people, reference):
    factories.commitment(people.center_a, target=1200)
    factories.commitment(people.center_a, area="rural_nomadic", target=600)
    factories.report(people.center_a, month=3, status="submitted")
    factories.report(people.center_b, month=3, status="submitted")  # B owes nothing: not counted
    board = boards.board(selection(), now=AFTER_DEADLINE)
    assert (board.owing, board.reported, board.reporting_rate) == (1, 1, 1.0)


def test_center_board_by_sector_area_and_rank(data):
    cb = center_board(selection(), data.center_a, now=AFTER_DEADLINE)
    assert cb.row.line.rank == 2 and cb.of == 2
    assert [(ln.key.code, ln.actual) for ln in cb.by_area] == [("fixed_urban", 210), ("rural_nomadic", 110)]
    assert [r.month for r in cb.reports] == [1, 2, 3]


def test_area_months_and_cumulative_curve(data):
    rural = TrainingArea.objects.get(code="rural_nomadic")
    line = area_months(selection(), data.center_a, rural)
    assert line.monthly[:3] == [30, 80, 0]
    assert line.monthly_pace(3) == 0 and line.monthly_pace(1) is None  # nothing phased in month 1
    assert line.cumulative()[:4] == [(0, 30), (0, 110), (100, 110), (200, None)]


def test_reporting_grid(data):
    rows = {r.center.code: r for r in reporting_grid(1405, 3, now=AFTER_DEADLINE)}
    assert [cell[0] for cell in rows["CA"].cells] == ["submitted", "approved", "draft"]
    assert [cell[1] for cell in rows["CB"].cells] == [deadlines.ON_TIME, deadlines.RETURNED, deadlines.ON_TIME]
    assert rows["CA"].cells[2][1] == deadlines.MISSING
