"""One reporting-status rule (reports/deadlines.py) and every page that shows it agreeing.

Khordad 1405 (month 3) ends at midnight starting 1 Tir = 2026-06-22 00:00 Tehran; its report is
due by 5 Tir = 2026-06-26 and late from 2026-06-27 00:00 Tehran.
"""

import datetime

import pytest
from django.urls import reverse

from meetings.snapshot import live_rows
from payesh import jalali
from reports import deadlines
from reports.deadlines import AWAITING, LATE, MISSING, NOT_DUE, ON_TIME, RETURNED, reporting_status
from reports.models import MonthlyReport
from tests import factories
from tests.support import client_for


def tehran(*args):
    return datetime.datetime(*args, tzinfo=jalali.TEHRAN)


DURING_KHORDAD = tehran(2026, 6, 15, 12)
MONTH_OVER = tehran(2026, 6, 22, 0, 0)
DEADLINE_DAY = tehran(2026, 6, 26, 23, 0)
LATE_FROM = tehran(2026, 6, 27, 0, 0)
AFTER_DEADLINE = tehran(2026, 7, 10, 12)


@pytest.fixture(autouse=True)
def deadline_day(settings):
    settings.PAYESH_REPORT_DEADLINE_DAY = 5


def status(*args, **kwargs):
    return reporting_status(1405, 3, *args, **kwargs)


# --- the three cases the two old rules answered differently ------------------------------------


def test_a_returned_report_past_the_deadline_is_returned_not_missing():
    assert status("returned", submitted_at=DURING_KHORDAD, now=AFTER_DEADLINE) == RETURNED
    assert status("returned", now=DEADLINE_DAY) == RETURNED  # before the deadline too: it needs action


def test_an_approved_report_without_submitted_at_is_timed_by_approved_at():
    assert status("approved", approved_at=DEADLINE_DAY, now=AFTER_DEADLINE) == ON_TIME
    assert status("approved", approved_at=LATE_FROM, now=AFTER_DEADLINE) == LATE
    # submitted_at, when there is one, is when the report arrived
    assert status("approved", submitted_at=DEADLINE_DAY, approved_at=AFTER_DEADLINE) == ON_TIME
    assert status("approved", now=AFTER_DEADLINE) == ON_TIME  # no time at all: nothing says it was late


def test_a_draft_is_not_yet_due_while_the_month_runs_then_awaiting_until_the_deadline():
    assert status("draft", now=DURING_KHORDAD) == NOT_DUE
    assert status(None, now=MONTH_OVER - datetime.timedelta(seconds=1)) == NOT_DUE
    assert status("draft", now=MONTH_OVER) == AWAITING
    assert status(None, now=DEADLINE_DAY) == AWAITING
    assert status("draft", now=LATE_FROM) == MISSING
    assert status(None, now=AFTER_DEADLINE) == MISSING


def test_on_time_and_late_by_submitted_at():
    assert status("submitted", submitted_at=DEADLINE_DAY, now=AFTER_DEADLINE) == ON_TIME
    assert status("submitted", submitted_at=LATE_FROM, now=AFTER_DEADLINE) == LATE
    assert status("submitted", submitted_at=DURING_KHORDAD, now=DURING_KHORDAD) == ON_TIME  # early is on time


def test_every_code_has_one_label_and_a_missing_code_reads_empty():
    assert set(deadlines.LABELS) == {ON_TIME, LATE, MISSING, RETURNED, AWAITING, NOT_DUE}
    assert deadlines.label(None) == ""


# --- the pages agree -----------------------------------------------------------------------------

YEAR, MONTH = 1405, 2  # Ordibehesht 1405: its deadline (5 Khordad) has passed for good
ORDIBEHESHT_LATE_FROM = jalali.deadline_end(YEAR, MONTH, 5)
EXPECTED = {"CA": LATE, "CB": RETURNED, "CC": MISSING, "CD": MISSING, "CE": ON_TIME}


@pytest.fixture
def month(people, reference, province):
    """Five centers that owe Ordibehesht's report, one of each case."""
    c, d, e = (factories.center(province, code) for code in ("CC", "CD", "CE"))
    centers = {"CA": people.center_a, "CB": people.center_b, "CC": c, "CD": d, "CE": e}
    for center in centers.values():
        factories.commitment(center)
    figures = [("public", "fixed_urban", "person_hours", 100)]
    late = ORDIBEHESHT_LATE_FROM + datetime.timedelta(days=3)
    a = factories.report(people.center_a, YEAR, MONTH, "approved", figures)  # loaded in bulk: no submitted_at
    MonthlyReport.objects.filter(pk=a.pk).update(submitted_at=None, approved_at=late)
    b = factories.report(people.center_b, YEAR, MONTH, "returned", figures)
    MonthlyReport.objects.filter(pk=b.pk).update(submitted_at=late - datetime.timedelta(days=6), returned_at=late,
                                                 returned_by=people.planner, return_comment="جدول ناقص است")
    factories.report(c, YEAR, MONTH, "draft", figures)
    e_report = factories.report(e, YEAR, MONTH, "submitted", figures)
    MonthlyReport.objects.filter(pk=e_report.pk).update(submitted_at=ORDIBEHESHT_LATE_FROM - datetime.timedelta(hours=2))
    return centers


def test_late_list_entry_pages_dashboards_queue_and_meeting_agree_on_a_month(people, month):
    planner = client_for(people.planner)
    params = {"year": YEAR, "month": MONTH}

    late = planner.get(reverse("entry:late"), params)
    assert {r.center.code: r.state for r in late.context["rows"]} == {k: v for k, v in EXPECTED.items() if v != ON_TIME}

    for code in month:
        entry = planner.get(reverse("entry:month", args=[code, YEAR, MONTH]))
        assert entry.context["reporting"] == EXPECTED[code], code
        months = planner.get(reverse("entry:months", args=[code]), {"year": YEAR})
        assert months.context["months"][MONTH - 1].reporting == EXPECTED[code], code
        center_page = planner.get(reverse("dashboards:center", args=[code]), params)
        assert center_page.context["cb"].row.reporting == EXPECTED[code], code

    province = planner.get(reverse("dashboards:province"), params)
    assert {r.center.code: r.reporting for r in province.context["board"].rows} == EXPECTED
    board = province.context["board"]
    assert (board.owing, board.reported, board.on_time) == (5, 2, 1)  # returned is not reported

    grid = planner.get(reverse("dashboards:reporting"), params)
    assert {r.center.code: r.cells[MONTH - 1][1] for r in grid.context["rows"]} == EXPECTED
    assert {r.center.code for r in grid.context["not_reported"]} == {"CB", "CC", "CD"}

    _province, rows = live_rows(people.center_a.province, YEAR, MONTH)
    assert {r["center_code"]: r["reporting"] for r in rows} == EXPECTED


def test_the_pages_show_the_one_set_of_words(people, month):
    planner = client_for(people.planner)
    late_html = planner.get(reverse("entry:late"), {"year": YEAR, "month": MONTH}).content.decode()
    for word in ("با تأخیر", "برگشت‌خورده", "ارسال‌نشده"):
        assert word in late_html
    entry_html = planner.get(reverse("entry:month", args=["CC", YEAR, MONTH])).content.decode()
    assert 'id="reporting-status">ارسال‌نشده<' in entry_html
    grid_html = planner.get(reverse("dashboards:reporting"), {"year": YEAR, "month": MONTH}).content.decode()
    assert "status-late\">با تأخیر<" in grid_html and "status-returned\">برگشت‌خورده<" in grid_html


def test_the_review_queue_flags_a_late_submission_by_the_same_rule(people, month):
    MonthlyReport.objects.filter(center__code="CE").update(submitted_at=ORDIBEHESHT_LATE_FROM)
    rows = client_for(people.planner).get(reverse("entry:queue")).context["rows"]
    assert [(r["report"].center.code, r["reporting"]) for r in rows] == [("CE", LATE)]


def test_a_frozen_snapshot_without_reporting_shows_a_dash(people, month):
    from tests.meetings_helpers import meeting

    m = meeting(people)
    m.status, m.snapshot = "finalized", {"measure": "person_hours", "province": {
        "target": 0, "expected": 0, "actual": 0, "achievement": None, "pace": None, "status": None}, "centers": [{
            "center_code": "CA", "center_name": "مرکز الف", "county": "تبریز", "target": 1200, "expected": 200,
            "actual": 100, "achievement": 0.08, "pace": 0.5, "status": "behind", "rank": 1}]}
    m.save()
    html = client_for(people.director).get(reverse("meetings:detail", args=[m.pk])).content.decode()
    row = html[html.index('id="snapshot"'):html.index("</tbody>", html.index('id="snapshot"'))]
    assert "<td>—</td>" in row and "status-late" not in row

