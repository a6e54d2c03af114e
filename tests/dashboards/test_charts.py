"""Chart figures: Persian numbers on the axes, months right to left, a table of the same numbers."""

from dashboards import charts
from payesh.charts import bar_spec, compact, ticks
from reports.progress.line import Line


def test_ticks_are_round_and_persian():
    t = ticks(12_700_000)
    assert t["tickvals"] == [0, 5_000_000, 10_000_000, 15_000_000]
    assert t["ticktext"][:3] == ["۰", "۵ میلیون", "۱۰ میلیون"]
    assert ticks(9_000)["ticktext"][:3] == ["۰", "۲٬۰۰۰", "۴٬۰۰۰"]
    assert compact(2_500_000) == "۲٫۵ میلیون" and compact(40_000) == "۴۰ هزار"
    assert ticks(1.2, ratio=True)["ticktext"][:3] == ["۰٪", "۲۵٪", "۵۰٪"]


def test_cumulative_curve_and_its_table():
    line = Line(phased=[100] * 12, monthly=[90, 120, 130] + [0] * 9, month=3)
    figure, headers, rows, cut = charts.cumulative(line)
    expected, actual = figure["data"]
    assert expected["y"][:4] == [100, 200, 300, 400] and actual["y"][:4] == [90, 210, 340, None]
    assert figure["layout"]["xaxis"]["autorange"] == "reversed"  # Farvardin on the right
    assert rows[2] == ["خرداد", "۳۰۰", "۳۴۰"] and rows[3] == ["تیر", "۴۰۰", "—"]
    assert not cut


def test_monthly_pace_table_shows_no_pace_where_nothing_was_phased():
    line = Line(phased=[0, 100] + [100] * 10, monthly=[50, 80] + [0] * 10, month=2)
    _figure, _headers, rows, _cut = charts.monthly(line)
    assert rows[0][3] == "—" and rows[1][3] == "۸۰٪"


def test_english_charts_run_left_to_right_with_latin_ticks():
    from django.utils import translation

    line = Line(phased=[100] * 12, monthly=[90, 120, 130] + [0] * 9, month=3)
    with translation.override("en"):
        figure, _headers, rows, _cut = charts.cumulative(line)
        assert figure["layout"]["xaxis"]["autorange"] is True  # Farvardin on the left
        assert figure["layout"]["yaxis"]["side"] == "left" and figure["layout"]["margin"]["l"] > figure["layout"]["margin"]["r"]
        assert figure["data"][0]["x"][0] == "Farvardin" and rows[2] == ["Khordad", "300", "340"]
        assert ticks(9_000)["ticktext"][:2] == ["0", "2,000"]
    figure, *_rest = charts.cumulative(line)
    assert figure["layout"]["xaxis"]["autorange"] == "reversed" and figure["layout"]["yaxis"]["side"] == "right"


def test_heatmap_shows_the_open_month_as_awaiting_not_as_zero():
    from types import SimpleNamespace

    from reports import deadlines

    def row(code, reporting, monthly):
        center = SimpleNamespace(name_fa=code, name_en=code, code=code)
        return SimpleNamespace(center=center, reporting=reporting, line=Line(phased=[100] * 12, monthly=monthly + [0] * 10, month=2))

    board = SimpleNamespace(selection=SimpleNamespace(month=2), rows=[
        row("A", deadlines.AWAITING, [100, 0]), row("B", deadlines.MISSING, [100, 0]), row("C", deadlines.ON_TIME, [100, 80])])
    figure, _headers, table, _cut = charts.pace_heatmap(board)
    z, hover = figure["data"][0]["z"], figure["data"][0]["customdata"]
    by_name = dict(zip(figure["data"][0]["y"], zip(z, hover, strict=True), strict=True))
    assert by_name["A"] == ([100.0, None], ["۱۰۰٪", "در مهلت ارسال"])  # within its deadline: not a red 0%
    assert figure["data"][0]["text"][figure["data"][0]["y"].index("A")] == ["۱۰۰٪", "—"]
    assert ["A", "۱۰۰٪", "در مهلت ارسال"] in table
    assert by_name["B"][0] == [100.0, 0.0] and by_name["B"][1][1] == "۰٪"  # deadline passed: missing is 0%
    assert by_name["C"][0][1] == 80.0


def test_the_phasing_charts_numbers_follow_the_page():
    from django.utils import translation

    spec = bar_spec(["a", "b"], [("weights", [0.05, 0.1])], ratio=True)
    assert spec["rtl"] and spec["yaxis"]["ticktext"][:2] == ["۰٪", "۲٪"] and spec["series"][0]["text"] == ["۵٪", "۱۰٪"]
    with translation.override("en"):
        spec = bar_spec(["a", "b"], [("target", [27280, 13640])])
    assert not spec["rtl"] and spec["yaxis"]["ticktext"][:2] == ["0", "10 thousand"] and spec["series"][0]["text"] == ["27,280", "13,640"]
