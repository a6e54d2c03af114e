"""Chart figures: Persian numbers on the axes, months right to left, a table of the same numbers."""

from dashboards import charts
from reports.progress import Line


def test_ticks_are_round_and_persian():
    t = charts.ticks(12_700_000)
    assert t["tickvals"] == [0, 5_000_000, 10_000_000, 15_000_000]
    assert t["ticktext"][:3] == ["۰", "۵ میلیون", "۱۰ میلیون"]
    assert charts.ticks(9_000)["ticktext"][:3] == ["۰", "۲٬۰۰۰", "۴٬۰۰۰"]
    assert charts.compact(2_500_000) == "۲٫۵ میلیون" and charts.compact(40_000) == "۴۰ هزار"
    assert charts.ticks(1.2, ratio=True)["ticktext"][:3] == ["۰٪", "۲۵٪", "۵۰٪"]


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
