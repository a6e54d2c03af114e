"""Work outside the commitments is shown, never counted against targets that exclude it
(docs/design.md, "Work outside the commitments"), checked against numbers computed by hand.

Year 1405 as of Khordad (3), person-hours, every report submitted:
  center A  fixed urban   T=1200 confirmed (100 a month)  figures 100, 100, 100  E=300 A=300
            rural         a draft commitment of 600 (not in force): figures 40, 40, 40  -> outside 120
            industry      no commitment: 30 in Ordibehesht                            -> outside 30
            A: E=300, A=300, outside 150, pace 100% on track, achievement 25%
               (counting them, as before: A=450, pace 150%)
  center B  fixed urban   T=2400 confirmed (200 a month)  figures 150, 150, 150  E=600 A=450
            private institutes (private sector), no commitment: 500 in Khordad    -> outside 500
            B: pace 75% behind (as before: A=950, pace 158% on track and first)
  province  T=3600 E=900 A=750 outside 650, pace 83.3% behind (as before: 155.6%)
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commitments.models import CommitmentStatus, Measure
from payesh import jalali
from reports.progress import boards, years
from reports.progress.center_board import center_board
from reports.progress.line import BEHIND, NO_COMMITMENT, ON_TRACK
from reports.progress.selection import Selection
from tests import factories
from tests.api_helpers import ApiClient, token_for
from tests.support import client_for

AFTER_DEADLINE = datetime.datetime(2026, 7, 10, 12, 0, tzinfo=jalali.TEHRAN)
PH = "person_hours"


def build(people):
    a, b = people.center_a, people.center_b
    factories.commitment(a, target=1200)
    draft = factories.commitment(a, area="rural_nomadic", target=600)
    draft.status = CommitmentStatus.DRAFT
    draft.save()
    factories.commitment(b, target=2400)
    for month in (1, 2, 3):
        factories.report(a, month=month, figures=[
            ("public", "fixed_urban", PH, 100), ("public", "rural_nomadic", PH, 40),
            *([("public", "industry", PH, 30)] if month == 2 else []),
        ])
        factories.report(b, month=month, figures=[
            ("public", "fixed_urban", PH, 150), *([("private", "private_institutes", PH, 500)] if month == 3 else []),
        ])
    return draft


@pytest.fixture
def data(people, reference):
    people.draft = build(people)
    return people


def selection(**extra):
    return Selection(year=1405, month=3, measure=Measure.objects.get(code=PH), **extra)


def test_figures_on_rows_without_a_commitment_in_force_are_outside_and_raise_no_pace(data):
    board = boards.board(selection(), now=AFTER_DEADLINE)
    rows = {r.center.code: r.line for r in board.rows}
    a, b = rows["CA"], rows["CB"]
    assert (a.target, a.expected, a.actual, a.outside, a.status, a.rank) == (1200, 300, 300, 150, ON_TRACK, 1)
    assert a.pace == pytest.approx(1.0) and a.achievement == pytest.approx(0.25)
    assert (b.target, b.expected, b.actual, b.outside, b.status, b.rank) == (2400, 600, 450, 500, BEHIND, 2)
    assert b.projection == pytest.approx(1800)
    total = board.total
    assert (total.target, total.expected, total.actual, total.outside) == (3600, 900, 750, 650)
    assert total.pace == pytest.approx(750 / 900) and total.status == BEHIND


def test_the_sectors_and_areas_show_work_where_nothing_was_committed(data):
    board = boards.board(selection(), now=AFTER_DEADLINE)
    sectors = {ln.key.code: ln for ln in board.by_sector}
    areas = {ln.key.code: ln for ln in board.by_area}
    assert (sectors["public"].actual, sectors["public"].outside, sectors["public"].expected) == (750, 150, 900)
    assert (sectors["private"].target, sectors["private"].actual, sectors["private"].outside) == (0, 0, 500)
    assert sectors["private"].status == NO_COMMITMENT and sectors["private"].pace is None
    assert {code: (ln.actual, ln.outside) for code, ln in areas.items()} == {
        "fixed_urban": (750, 0), "rural_nomadic": (0, 120), "industry": (0, 30), "private_institutes": (0, 500)}


def test_once_the_draft_is_confirmed_its_figures_count(data):
    data.draft.status = CommitmentStatus.CONFIRMED
    data.draft.save()
    a = next(r.line for r in boards.board(selection(), now=AFTER_DEADLINE).rows if r.center.code == "CA")
    assert (a.target, a.expected, a.actual, a.outside) == (1800, 450, 420, 30)


def test_a_centers_board_and_the_years_use_the_same_rule(data):
    cb = center_board(selection(), data.center_a, now=AFTER_DEADLINE, earlier_years=[1404])
    assert (cb.row.line.actual, cb.row.line.outside, cb.row.line.rank) == (300, 150, 1)
    assert {ln.key.code: (ln.actual, ln.outside) for ln in cb.by_area} == {
        "fixed_urban": (300, 0), "rural_nomadic": (0, 120), "industry": (0, 30)}
    found = years.province_years(selection(province=data.center_a.province), now=AFTER_DEADLINE)
    assert (found.total.this.actual, found.total.this.outside) == (750, 650)
    assert found.total.this.pace == pytest.approx(750 / 900)


def test_the_province_page_shows_the_work_outside_the_commitments(data):
    html = client_for(data.director, "en").get(reverse("dashboards:province"), {"year": "1405", "month": "3"}).content.decode()
    assert "Outside the commitments" in html
    assert '<strong class="outside">650</strong>' in html
    fa = client_for(data.director, "fa").get(reverse("dashboards:province"), {"year": "1405", "month": "3"}).content.decode()
    assert "خارج از تعهدات" in fa and '<strong class="outside">۶۵۰</strong>' in fa
    center = client_for(data.head_b, "en").get(reverse("dashboards:center", args=["CA"]), {"year": "1405", "month": "3"})
    assert '<strong class="outside">150</strong>' in center.content.decode()


def test_a_board_without_such_work_has_no_column_for_it(people, reference):
    factories.commitment(people.center_a, target=1200)
    factories.report(people.center_a, month=1, figures=[("public", "fixed_urban", PH, 100)])
    html = client_for(people.director, "en").get(reverse("dashboards:province"), {"year": "1405", "month": "1"}).content.decode()
    assert "Outside the commitments" not in html


def test_the_api_board_and_the_exports_agree(data):
    api = ApiClient(token_for(data.director), language="en").get("/api/board/?year=1405&month=3").json()
    by_code = {r["center"]: r["numbers"] for r in api["rows"]}
    assert {code: (n["actual"], n["outside"], n["pace_percent"]) for code, n in by_code.items()} == {
        "CA": (300, 150, 100), "CB": (450, 500, 75)}
    assert (api["total"]["actual"], api["total"]["outside"]) == (750, 650)
    assert {n["code"]: n["outside"] for n in api["by_sector"]} == {"public": 150, "private": 500}

    client = client_for(data.director, "en")
    rows = list(csv.reader(io.StringIO(client.get(reverse("dashboards:export", args=["csv"]),
                                                  {"year": "1405", "month": "3"}).content.decode("utf-8-sig"))))
    header = rows[0]
    shown = {row[header.index("Center")]: (int(row[header.index("Actual to date")]), int(row[header.index("Outside the commitments")]))
             for row in rows[1:]}
    assert shown == {"Center CA": (300, 150), "Center CB": (450, 500), "Province total": (750, 650)}

    book = load_workbook(io.BytesIO(client.get(reverse("dashboards:export", args=["xlsx"]), {"year": "1405", "month": "3"}).content))
    sheet = book.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    at = next(i for i, row in enumerate(values) if "Outside the commitments" in row)  # the header, under the title lines
    column = values[at].index("Outside the commitments")
    assert [row[column] for row in values[at + 1:]] == [150, 500, 650]


def test_the_meeting_snapshot_keeps_it(data):
    from meetings import snapshot

    province_row, rows = snapshot.live_rows(data.center_a.province, 1405, 3)
    assert (province_row["actual"], province_row["outside"]) == (750, 650)
    assert {r["center_code"]: (r["actual"], r["outside"], r["rank"]) for r in rows} == {"CA": (300, 150, 1), "CB": (450, 500, 2)}
