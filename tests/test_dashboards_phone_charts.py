"""The charts' legends and labels, and the HTML forms of the charts a phone shows instead of plotly,
against the numbers of tests/test_years.py (person-hours as of Khordad 1405):

  center A  T=1200 E=300 A=360  pace 120% on track
  center B  T=2400 E=600 A=630  pace 105% on track
  center C  T=600  E=150 A=120  pace  80% behind: its actual falls short of its expected mark;
            months 1-2: 60 of 50 (120%), Khordad a draft (0% once its deadline, 5 Tir, has passed)
"""

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dashboards import charts, record
from payesh import jalali
from payesh.charts import COLORS, luminance, pace_colours
from reports.progress import boards
from reports.progress.line import Line
from reports.progress.statements import fill_months
from tests.test_years import build, selection

AFTER_DEADLINE = datetime.datetime(2026, 7, 10, 12, 0, tzinfo=jalali.TEHRAN)
BEFORE_DEADLINE = datetime.datetime(2026, 6, 23, 12, 0, tzinfo=jalali.TEHRAN)  # 2 Tir 1405: Khordad awaiting


def heatmap_board(province, now):
    """A board with its centers' months filled, as the dashboard reads it for the heatmap."""
    board = boards.board(selection(province), now=now)
    fill_months(selection(province), [r.line for r in charts.centers_to_show(board.rows)[0]])
    return board


@pytest.fixture
def board(people, reference, province):
    build(people, province)
    return heatmap_board(province, AFTER_DEADLINE)


def test_each_status_has_its_own_colour_in_the_legends(board):
    """A trace's legend takes its first bar's colour: one trace a status, each one colour."""
    for figure in (charts.target_vs_actual(board)[0], charts.breakdown(board.by_area)[0]):
        in_legend = [t for t in figure["data"] if t.get("showlegend", True)]
        assert all(isinstance(t["marker"]["color"], str) for t in in_legend if "marker" in t)
    figure = charts.target_vs_actual(board)[0]
    legend = {t["name"]: t["marker"]["color"] for t in figure["data"] if t.get("showlegend", True)}
    assert legend == {"تعهد سالانه": COLORS["target"], "عملکرد تاکنون – در مسیر": COLORS["on_track"],
                      "عملکرد تاکنون – عقب": COLORS["behind"], "مورد انتظار تاکنون": COLORS["expected"]}
    bars = {t["name"]: t for t in figure["data"] if t["type"] == "bar"}
    assert bars["عملکرد تاکنون – عقب"]["y"] == ["مرکز پ"] and bars["عملکرد تاکنون – عقب"]["x"] == [120]
    pace = [t for t in charts.breakdown(board.by_sector)[0]["data"] if t["name"].startswith("سرعت پیشرفت")]
    assert [(t["name"], t["marker"]["color"], t["offsetgroup"]) for t in pace] == [
        ("سرعت پیشرفت – در مسیر", COLORS["on_track"], "pace")]  # the public sector: 1110 of 1050


def test_the_pace_labels_stand_beyond_the_longest_bar_where_no_expected_mark_crosses_them(board):
    figure = charts.target_vs_actual(board)[0]
    labels = next(t for t in figure["data"] if "۸۰٪" in (t.get("text") or []))
    at = dict(zip(labels["y"], labels["x"], strict=True))
    assert at == {"مرکز پ": 600, "مرکز ب": 2400, "مرکز الف": 1200}  # center C: 600 beyond its expected 150
    assert labels["textposition"] == "middle left" and labels["mode"] == "text"  # outwards, leftwards in Persian
    assert figure["layout"]["xaxis"]["range"][0] > 2400 * 1.1  # room for the largest one's label
    with translation.override("en"):
        figure = charts.target_vs_actual(board)[0]
    labels = next(t for t in figure["data"] if "80%" in (t.get("text") or []))
    assert labels["textposition"] == "middle right" and figure["layout"]["xaxis"]["range"][0] == 0


def test_the_ranked_list_reads_like_the_chart_highest_pace_first(board):
    items = charts.ranked(board)["items"]
    assert [(i["name"], i["pace"], i["status_label"]) for i in items] == [
        ("مرکز الف", "۱۲۰٪", "در مسیر"), ("مرکز ب", "۱۰۵٪", "در مسیر"), ("مرکز پ", "۸۰٪", "عقب")]
    a, c = items[0], items[2]  # the bars as shares of the largest target, 2400
    assert (a["target"], a["actual"], a["expected"]) == ("50.0%", "15.0%", "12.5%")
    assert (c["target"], c["actual"], c["status"]) == ("25.0%", "5.0%", "behind")
    assert c["numbers"] == "۱۲۰ از ۶۰۰"
    with translation.override("en"):
        assert charts.ranked(board)["items"][2]["numbers"] == "120 of 600"


def test_one_centers_months_at_a_time_as_the_heatmap_reads_them(board, people, province):
    phone = charts.pace_rows(board)
    assert [i["name"] for i in phone["items"]] == ["مرکز الف", "مرکز ب", "مرکز پ"]
    c = phone["items"][2]
    assert [(m["month"], m["words"]) for m in c["months"]] == [("فروردین", "۱۲۰٪"), ("اردیبهشت", "۱۲۰٪"), ("خرداد", "۰٪")]
    assert c["months"][2]["background"] == "#b3261e" and c["months"][2]["ink"] == "#fff"  # a missing month, red
    heatmap = charts.pace_heatmap(board)[0]["data"][0]
    assert heatmap["customdata"][heatmap["y"].index("مرکز پ")] == [m["words"] for m in c["months"]]
    # before Khordad's deadline the month is open: its words, not a red 0%, in both forms
    open_board = heatmap_board(province, BEFORE_DEADLINE)
    c = next(i for i in charts.pace_rows(open_board)["items"] if i["name"] == "مرکز پ")["months"][2]
    assert c["words"] == "در مهلت ارسال" and c["background"] == "#eceff4"


def test_the_heatmap_colours_are_plotlys_and_their_text_reads_on_every_one():
    assert pace_colours(100) == ("#fff2d6", "#000")
    assert pace_colours(50) == pace_colours(10) == ("#b3261e", "#fff")
    assert pace_colours(150) == pace_colours(300) == ("#1b7f3b", "#fff")
    for percent in range(201):
        background, ink = pace_colours(percent)
        lights = sorted([luminance([int(background[i:i + 2], 16) for i in (1, 3, 5)]), 1.0 if ink == "#fff" else 0.0])
        assert (lights[1] + 0.05) / (lights[0] + 0.05) >= 4.5, percent  # WCAG AA


def test_the_breakdown_as_bars_on_one_scale(board):
    phone = charts.breakdown_bars(board.by_sector)
    (public,) = phone["items"]
    assert (public["name"], public["achievement"], public["pace"], public["status_label"]) == ("دولتی", "۲۶٪", "۱۰۶٪", "در مسیر")
    # the scale runs to the larger of the two (pace 1110 / 1050), the 100% mark just short of its end
    assert public["pace_share"] == "100.0%" and phone["hundred"] == "94.6%" and phone["hundred_label"] == "۱۰۰٪"


def test_a_phone_starts_with_last_year_and_this_year_only():
    def line(target):
        return Line(phased=[target // 12] * 12, monthly=[target // 12] * 12, month=12)

    found = SimpleNamespace(year=1405, month=3, curves=[(1402, line(1200)), (1403, line(1200)), (1404, line(1200)),
                                                         (1405, line(1200))])
    figure = record.curves(found)[0]
    assert [t["name"] for t in figure["data"]] == ["۱۴۰۲", "۱۴۰۳", "۱۴۰۴", "تعهد زمان‌بندی‌شده ۱۴۰۵", "۱۴۰۵"]
    assert figure["phone"]["hidden"] == [0, 1]  # 1402 and 1403, a tap on the legend away
    found.curves = found.curves[2:]
    assert record.curves(found)[0]["phone"]["hidden"] == []


def test_every_chart_has_its_numbers_as_a_table_and_the_unreadable_ones_a_phone_form(board, people):
    client = Client()
    client.force_login(people.director)
    html = client.get(reverse("dashboards:province"), {"year": 1405, "month": 3}).content.decode()
    for chart_id, phone in (("target-vs-actual", "ranked"), ("pace-heatmap", "pace-rows"), ("by-sector", "breakdown"),
                            ("by-area", "breakdown"), ("cumulative", None)):
        section = html[html.index(f'id="chart-{chart_id}"'):]
        section = section[:section.index("</section>")]
        assert '<details class="as-table"><summary>' in section and "chart-numbers" in section, chart_id
        assert ("has-phone-form" in html[html.rindex("<section", 0, html.index(f'id="chart-{chart_id}"')):
                                         html.index(f'id="chart-{chart_id}"')]) == (phone is not None), chart_id
        if phone:
            assert f'class="phone-chart {phone}"' in section, chart_id
    ranked = html[html.index('class="phone-chart ranked"'):]
    assert ranked.index("مرکز الف") < ranked.index("مرکز ب") < ranked.index("مرکز پ")
