"""Plotly figures as plain dicts, drawn by plotly.js from static files.

plotly.js has no Persian numerals, so every number a reader sees (ticks, bar labels, hover text)
is formatted here. Axes run in the page's reading direction: on Persian pages values grow leftwards,
names sit on the right and Farvardin is on the right; on English pages the mirror image. Each chart
also returns the rows of a plain table with the same numbers.
"""

import math

from django.utils.html import format_html, format_html_join, json_script
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from payesh.display import month_name
from payesh.display import number as num
from payesh.display import percent as pct
from payesh.i18n import local_name
from reports import deadlines

COLORS = {"target": "#c9d6e3", "actual": "#0b5c8a", "expected": "#b3261e", "on_track": "#1b7f3b",
          "slightly_behind": "#a86a00", "behind": "#b3261e"}
FONT = {"family": "Vazirmatn, Tahoma, sans-serif", "size": 13}
MAX_CENTERS_IN_CHART = 40


def ticks(top, count=5, ratio=False):
    """Round tick values from 0 to about `top`, with Persian labels."""
    if not top or top <= 0:
        top = 1
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    values = [i * step for i in range(int(top / step) + 2)]
    return {"tickvals": values, "ticktext": [pct(v) if ratio else compact(v) for v in values]}


def compact(value):
    """12500000 -> '12.5 million' in Persian digits: axis labels stay short on a phone."""
    for threshold, size, words in ((10**6, 10**6, _("%(n)s million")), (10**4, 10**3, _("%(n)s thousand"))):
        if abs(value) >= threshold:
            n = value / size
            return words % {"n": num(n, 0 if n == int(n) else 1)}
    return num(value)


def rtl():
    """Whether the page reads right to left (Persian): the charts' direction follows it."""
    return get_language_bidi()


def start_side():
    """The side a reader starts from: right on Persian pages, left on English ones."""
    return "right" if rtl() else "left"


def names_margin(names, top=40, bottom=30):
    """Room on the starting side for the longest name: plotly's automargin does not reserve it
    on the right."""
    longest = max((len(str(n)) for n in names), default=4)
    names, other = min(180, 16 + 7 * longest), 40
    if rtl():
        return {"l": other, "r": names, "t": top, "b": bottom}
    return {"l": names, "r": other, "t": top, "b": bottom}


def value_margin(top=40, bottom=80):
    """Room for the value axis's labels, on the starting side."""
    return {"l": 90, "r": 10, "t": top, "b": bottom} if not rtl() else {"l": 10, "r": 90, "t": top, "b": bottom}


def layout(height, **extra):
    base = {
        "height": height, "font": FONT, "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
        "legend": {"orientation": "h", "x": 1 if rtl() else 0, "xanchor": start_side(), "y": 1, "yanchor": "bottom"},
        "paper_bgcolor": "#fff", "plot_bgcolor": "#fff", "hoverlabel": {"font": FONT},
    }
    base.update(extra)
    return base


def value_axis(top, ratio=False, **extra):
    """Values grow away from the names: leftwards on Persian pages, rightwards on English ones."""
    return {"autorange": "reversed" if rtl() else True, "gridcolor": "#e6e9ef", "zeroline": False, "automargin": True,
            "fixedrange": True, **ticks(top, ratio=ratio), **extra}


def category_axis(**extra):
    """Names on the side a reader starts from."""
    return {"side": start_side(), "automargin": True, "fixedrange": True, "ticks": "", **extra}


def month_axis(**extra):
    """Months run in reading order: Farvardin on the right in Persian, on the left in English."""
    return {"autorange": "reversed" if rtl() else True, "fixedrange": True, "automargin": True, **extra}


def bar_spec(months, series, ratio=False):
    """A small bar chart of months (commitments' phasing): each series's values with their text
    in the page's digits, the ticks, and the reading direction, for phasing-chart.js."""
    top = max([v for _name, values in series for v in values if v is not None] + [0.01 if ratio else 1])
    label = pct if ratio else num
    return {"months": months, "rtl": rtl(), "yaxis": ticks(top, ratio=ratio),
            "series": [{"name": name, "values": values, "text": [label(v) for v in values]} for name, values in series]}


def centers_to_show(rows):
    """All centers of a province; in a bigger view, the ones furthest behind."""
    ranked = [r for r in rows if r.line.pace is not None]
    if len(rows) <= MAX_CENTERS_IN_CHART:
        return sorted(ranked, key=lambda r: r.line.pace), False
    return sorted(ranked, key=lambda r: r.line.pace)[:MAX_CENTERS_IN_CHART], True


def target_vs_actual(board):
    """Horizontal bars per center, sorted by pace (furthest behind at the bottom), with the
    expected-to-date mark."""
    rows, cut = centers_to_show(board.rows)
    names = [local_name(r.center) for r in rows]
    top = max([r.line.target for r in rows] + [r.line.actual for r in rows] + [1])
    hover = [f"{local_name(r.center)}<br>{_('Actual to date')}: {num(r.line.actual)}<br>"
             f"{_('Expected to date')}: {num(r.line.expected)}<br>{_('Annual target')}: {num(r.line.target)}<br>"
             f"{_('Pace')}: {pct(r.line.pace)}" for r in rows]
    data = [
        {"type": "bar", "orientation": "h", "y": names, "x": [r.line.target for r in rows], "name": _("Annual target"),
         "marker": {"color": COLORS["target"]}, "hoverinfo": "skip"},
        {"type": "bar", "orientation": "h", "y": names, "x": [r.line.actual for r in rows], "name": _("Actual to date"),
         "marker": {"color": [COLORS.get(r.line.status, COLORS["actual"]) for r in rows]},
         "text": [pct(r.line.pace) for r in rows], "textposition": "outside", "cliponaxis": False,
         "hovertext": hover, "hoverinfo": "text"},
        {"type": "scatter", "mode": "markers", "y": names, "x": [r.line.expected for r in rows],
         "name": _("Expected to date"), "marker": {"symbol": "line-ns-open", "size": 18, "color": COLORS["expected"],
                                                   "line": {"width": 3}}, "hoverinfo": "skip"},
    ]
    figure = {"data": data, "layout": layout(
        90 + 26 * len(rows), barmode="overlay", bargap=0.25, margin=names_margin(names),
        xaxis=value_axis(top), yaxis=category_axis(),
    )}
    table = [[local_name(r.center), num(r.line.target), num(r.line.expected), num(r.line.actual), pct(r.line.pace)]
             for r in reversed(rows)]
    headers = [_("Center"), _("Annual target"), _("Expected to date"), _("Actual to date"), _("Pace")]
    return figure, headers, table, cut


def pace_heatmap(board):
    """Centers x months of monthly pace (that month's actual / that month's phased target)."""
    rows, cut = centers_to_show(board.rows)
    months = list(range(1, board.selection.month + 1))
    month_names = [month_name(m) for m in months]
    last = board.selection.month

    def open_month(row, m):
        """The as-of month of a center that has not reported it and whose deadline has not
        passed (reports/deadlines: awaiting or not yet due) is open, not a 0%."""
        return m == last and row.reporting in (deadlines.AWAITING, deadlines.NOT_DUE)

    z = [[None if open_month(r, m) or r.line.monthly_pace(m) is None else r.line.monthly_pace(m) * 100 for m in months]
         for r in rows]
    # The words ("awaiting") for the hover and the table; the cell itself, too narrow for them, a dash.
    words = [[deadlines.label(r.reporting) if open_month(r, m) else pct(r.line.monthly_pace(m)) for m in months]
             for r in rows]
    text = [["—" if open_month(r, m) else w for m, w in zip(months, row_words)] for r, row_words in zip(rows, words)]
    figure = {"data": [{
        "type": "heatmap", "z": z, "x": month_names, "y": [local_name(r.center) for r in rows], "text": text,
        "customdata": words, "texttemplate": "%{text}",
        "hovertemplate": "%{y}" + ("، " if rtl() else ", ") + "%{x}: %{customdata}<extra></extra>",
        "zmin": 50, "zmax": 150, "zmid": 100, "showscale": False,
        "colorscale": [[0, "#b3261e"], [0.4, "#f4c9a8"], [0.5, "#fff2d6"], [0.6, "#cfe9d6"], [1, "#1b7f3b"]],
    }], "layout": layout(
        70 + 26 * len(rows), xaxis=month_axis(side="top"), yaxis=category_axis(),
        margin=names_margin([local_name(r.center) for r in rows], top=40, bottom=10),
    )}
    headers = [_("Center"), *month_names]
    table = [[local_name(r.center), *t] for r, t in zip(reversed(rows), reversed(words))]
    return figure, headers, table, cut


def breakdown(lines):
    """Achievement and pace of each sector or area, side by side."""
    names = [ln.label for ln in lines]
    top = max([ln.achievement or 0 for ln in lines] + [ln.pace or 0 for ln in lines] + [0.1])
    data = [
        {"type": "bar", "orientation": "h", "y": names, "x": [ln.achievement for ln in lines], "name": _("Achievement"),
         "marker": {"color": COLORS["actual"]}, "text": [pct(ln.achievement) for ln in lines],
         "textposition": "outside", "cliponaxis": False, "hoverinfo": "y+text"},
        {"type": "bar", "orientation": "h", "y": names, "x": [ln.pace for ln in lines], "name": _("Pace"),
         "marker": {"color": [COLORS.get(ln.status, "#888") for ln in lines]}, "text": [pct(ln.pace) for ln in lines],
         "textposition": "outside", "cliponaxis": False, "hoverinfo": "y+text"},
    ]
    figure = {"data": data, "layout": layout(
        100 + 44 * len(lines), barmode="group", margin=names_margin(names), xaxis=value_axis(top * 1.15, ratio=True),
        yaxis=category_axis(autorange="reversed"),
    )}
    headers = ["", _("Annual target"), _("Expected to date"), _("Actual to date"), _("Achievement"), _("Pace")]
    table = [[ln.label, num(ln.target), num(ln.expected), num(ln.actual), pct(ln.achievement), pct(ln.pace)]
             for ln in lines]
    return figure, headers, table, False


def cumulative(line):
    """Cumulative actual against the cumulative phased target over the year."""
    month_names = [month_name(m) for m in range(1, 13)]
    points = line.cumulative()
    top = max([line.target] + [a or 0 for _e, a in points] + [1])
    data = [
        {"type": "scatter", "mode": "lines+markers", "x": month_names, "y": [e for e, _a in points],
         "name": _("Phased target (cumulative)"), "line": {"color": COLORS["expected"], "dash": "dot"},
         "text": [num(e) for e, _a in points], "hoverinfo": "x+text"},
        {"type": "scatter", "mode": "lines+markers", "x": month_names, "y": [a for _e, a in points],
         "name": _("Actual (cumulative)"), "line": {"color": COLORS["actual"], "width": 3},
         "text": [num(a) for _e, a in points], "hoverinfo": "x+text"},
    ]
    figure = {"data": data, "layout": layout(
        360, margin=value_margin(), xaxis=month_axis(), yaxis=category_axis(gridcolor="#e6e9ef", **ticks(top)),
    )}
    headers = [_("Month"), _("Phased target (cumulative)"), _("Actual (cumulative)")]
    table = [[name, num(e), num(a)] for name, (e, a) in zip(month_names, points)]
    return figure, headers, table, False


def monthly(line):
    """Each month's actual against its phased target."""
    month_names = [month_name(m) for m in range(1, 13)]
    actual = [v if m <= line.month else None for m, v in enumerate(line.monthly, start=1)]
    top = max(line.phased + [v or 0 for v in actual] + [1])
    data = [
        {"type": "bar", "x": month_names, "y": line.phased, "name": _("Phased target"),
         "marker": {"color": COLORS["target"]}, "text": [num(v) for v in line.phased], "hoverinfo": "x+text",
         "textposition": "none"},
        {"type": "bar", "x": month_names, "y": actual, "name": _("Actual"), "marker": {"color": COLORS["actual"]},
         "text": [num(v) for v in actual], "hoverinfo": "x+text", "textposition": "none"},
    ]
    figure = {"data": data, "layout": layout(
        340, barmode="group", margin=value_margin(), xaxis=month_axis(), yaxis=category_axis(gridcolor="#e6e9ef", **ticks(top)),
    )}
    headers = [_("Month"), _("Phased target"), _("Actual"), _("Pace")]
    table = [[name, num(p), num(a), pct(line.monthly_pace(m))]
             for m, (name, p, a) in enumerate(zip(month_names, line.phased, actual), start=1)]
    return figure, headers, table, False


def numbers_table(headers, rows):
    """The chart's numbers as the rows of a plain table (the first cell a name, the rest numbers),
    built in one pass rather than a template node per cell."""
    head = format_html("<thead><tr>{}</tr></thead>", format_html_join("", "<th>{}</th>", ((h,) for h in headers)))
    body = format_html_join("", "<tr><td>{}</td>{}</tr>", (
        (row[0], format_html_join("", '<td class="num">{}</td>', ((cell,) for cell in row[1:]))) for row in rows))
    return format_html("{}<tbody>{}</tbody>", head, body)


def chart(chart_id, title, built):
    figure, headers, rows, cut = built
    return {"id": chart_id, "title": title, "figure": figure, "headers": headers, "rows": rows, "cut": cut,
            "numbers": numbers_table(headers, rows),
            "script": json_script(figure, f"figure-{chart_id}")}  # the figure charts.js draws
