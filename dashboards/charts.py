"""The dashboards' charts (target and actual by center, the pace heatmap, the breakdowns, the
monthly and cumulative curves), built from the progress engine's lines with the building blocks
of payesh/charts.py; each returns (figure, table headers, table rows, whether centers were cut).
The ones plotly cannot make readable at a phone's width have an HTML form for it (`ranked`,
`pace_rows`, `breakdown_bars`), with the same numbers in the same order.
"""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from payesh.charts import (
    COLORS,
    PACE_RANGE,
    PACE_SCALE,
    category_axis,
    layout,
    month_axis,
    names_margin,
    pace_colours,
    rtl,
    share,
    ticks,
    value_axis,
    value_margin,
)
from payesh.display import html_text, month_name
from payesh.display import number as num
from payesh.display import percent as pct
from payesh.i18n import local_name
from reports import deadlines
from reports.progress.line import BEHIND, ON_TRACK, SLIGHTLY_BEHIND, label

MAX_CENTERS_IN_CHART = 40
STATUSES = (ON_TRACK, SLIGHTLY_BEHIND, BEHIND)


def centers_to_show(rows):
    """All centers of a province; in a bigger view, the ones furthest behind."""
    ranked = [r for r in rows if r.line.pace is not None]
    if len(rows) <= MAX_CENTERS_IN_CHART:
        return sorted(ranked, key=lambda r: r.line.pace), False
    return sorted(ranked, key=lambda r: r.line.pace)[:MAX_CENTERS_IN_CHART], True


def _by_status(rows, status_of):
    """The rows of each status, in the order of the statuses: a bar trace per status, so the
    legend shows each status in its own colour (a trace's legend takes its first bar's colour)."""
    return [(status, [r for r in rows if status_of(r) == status]) for status in STATUSES
            if any(status_of(r) == status for r in rows)]


def target_vs_actual(board):
    """Horizontal bars per center, sorted by pace (furthest behind at the bottom): the annual
    target, the actual to date in its status's colour, the expected-to-date mark, and the pace
    beyond the longest of the three, where no mark crosses it."""
    rows, cut = centers_to_show(board.rows)
    names = [local_name(r.center) for r in rows]
    top = max([r.line.target for r in rows] + [r.line.actual for r in rows] + [1])

    def hover(r):
        return (f"{local_name(r.center)}<br>{_('Actual to date')}: {num(r.line.actual)}<br>"
                f"{_('Expected to date')}: {num(r.line.expected)}<br>{_('Annual target')}: {num(r.line.target)}<br>"
                f"{_('Pace')}: {pct(r.line.pace)}")

    actual = [
        {"type": "bar", "orientation": "h", "y": [local_name(r.center) for r in members], "x": [r.line.actual for r in members],
         "name": f"{_('Actual to date')} – {label(status)}", "marker": {"color": COLORS[status]},
         "hovertext": [hover(r) for r in members], "hoverinfo": "text"}
        for status, members in _by_status(rows, lambda r: r.line.status)]
    data = [
        {"type": "bar", "orientation": "h", "y": names, "x": [r.line.target for r in rows], "name": _("Annual target"),
         "marker": {"color": COLORS["target"]}, "hoverinfo": "skip"},
        *actual,
        {"type": "scatter", "mode": "markers", "y": names, "x": [r.line.expected for r in rows],
         "name": _("Expected to date"), "marker": {"symbol": "line-ns-open", "size": 18, "color": COLORS["expected"],
                                                   "line": {"width": 3}}, "hoverinfo": "skip"},
        {"type": "scatter", "mode": "text", "y": names, "x": [max(r.line.target, r.line.actual) for r in rows],
         "text": [pct(r.line.pace) for r in rows], "textposition": "middle left" if rtl() else "middle right",
         "cliponaxis": False, "showlegend": False, "hoverinfo": "skip"},
    ]
    figure = {"data": data, "layout": layout(
        90 + 26 * len(rows), barmode="overlay", bargap=0.25, margin=names_margin(names),
        xaxis=value_axis(top, room=1.18), yaxis=category_axis(),
    )}
    table = [[local_name(r.center), num(r.line.target), num(r.line.expected), num(r.line.actual), pct(r.line.pace)]
             for r in reversed(rows)]
    headers = [_("Center"), _("Annual target"), _("Expected to date"), _("Actual to date"), _("Pace")]
    return figure, headers, table, cut


def ranked(board):
    """target_vs_actual at a phone's width: the same centers, highest pace first, each its name,
    pace and status over a bar of the same three numbers, as shares of the largest target or
    actual."""
    rows, _cut = centers_to_show(board.rows)
    top = max([r.line.target for r in rows] + [r.line.actual for r in rows] + [1])
    items = [{"name": local_name(r.center), "pace": pct(r.line.pace), "status": r.line.status,
              "status_label": label(r.line.status), "target": share(r.line.target, top),
              "actual": share(r.line.actual, top), "expected": share(r.line.expected, top),
              "numbers": _("%(actual)s of %(target)s") % {"actual": num(r.line.actual), "target": num(r.line.target)}}
             for r in reversed(rows)]
    return {"template": "dashboards/_phone_ranked.html", "items": items}


def _pace_cells(board):
    """The centers and months of the pace heatmap, and for each center its months as (pace in
    percent or None, the words shown): the as-of month of a center that has not reported it and
    whose deadline has not passed (reports/deadlines: awaiting or not yet due) is open, not a 0%."""
    rows, cut = centers_to_show(board.rows)
    last = board.selection.month
    months = list(range(1, last + 1))

    def cell(row, m):
        if m == last and row.reporting in (deadlines.AWAITING, deadlines.NOT_DUE):
            return None, deadlines.label(row.reporting)
        pace = row.line.monthly_pace(m)
        return (None if pace is None else pace * 100), pct(pace)

    return rows, months, [[cell(r, m) for m in months] for r in rows], cut


def pace_heatmap(board):
    """Centers x months of monthly pace (that month's actual / that month's phased target)."""
    rows, months, cells, cut = _pace_cells(board)
    month_names = [month_name(m) for m in months]
    z = [[value for value, _words in row] for row in cells]
    words = [[words for _value, words in row] for row in cells]  # for the hover and the table
    text = [["—" if value is None else w for value, w in row] for row in cells]  # an open month's words do not fit
    low, high = PACE_RANGE
    figure = {"data": [{
        "type": "heatmap", "z": z, "x": month_names, "y": [local_name(r.center) for r in rows], "text": text,
        "customdata": words, "texttemplate": "%{text}",
        "hovertemplate": "%{y}" + ("، " if rtl() else ", ") + "%{x}: %{customdata}<extra></extra>",
        "zmin": low, "zmax": high, "zmid": 100, "showscale": False, "colorscale": PACE_SCALE,
    }], "layout": layout(
        70 + 26 * len(rows), xaxis=month_axis(side="top"), yaxis=category_axis(),
        margin=names_margin([local_name(r.center) for r in rows], top=40, bottom=10),
    )}
    headers = [_("Center"), *month_names]
    table = [[local_name(r.center), *t] for r, t in zip(reversed(rows), reversed(words))]
    return figure, headers, table, cut


def pace_rows(board):
    """pace_heatmap at a phone's width: one center's row at a time, in the heatmap's order (highest
    pace first); each center a strip of its months' colours that opens onto their paces."""
    rows, months, cells, _cut = _pace_cells(board)
    items = []
    for row, months_cells in zip(reversed(rows), reversed(cells)):
        shown = []
        for m, (value, words) in zip(months, months_cells):
            background, ink = pace_colours(value) if value is not None else ("#eceff4", "#1d2433")
            shown.append({"month": month_name(m), "words": words, "background": background, "ink": ink})
        # each center's months laid out here in one pass, escaped as the template would (a template
        # node, or a format_html, a month was most of the phone form's time)
        items.append({"name": local_name(row.center), "pace": pct(row.line.pace), "months": shown,
                      "strip": mark_safe("".join(f'<span style="background: {html_text(m["background"])}"></span>' for m in shown)),
                      "cells": mark_safe("".join(f'<li style="background: {html_text(m["background"])}; color: {html_text(m["ink"])}">'
                                                 f'{html_text(m["month"])} <strong>{html_text(m["words"])}</strong></li>' for m in shown))})
    return {"template": "dashboards/_phone_pace.html", "items": items, "last": month_name(months[-1]) if months else ""}


def breakdown(lines):
    """Achievement and pace of each sector or area, side by side; the pace in its status's colour,
    a trace a status (all in one slot of the group), so the legend shows each colour."""
    names = [ln.label for ln in lines]
    top = max([ln.achievement or 0 for ln in lines] + [ln.pace or 0 for ln in lines] + [0.1])
    pace = [
        {"type": "bar", "orientation": "h", "y": [ln.label for ln in members], "x": [ln.pace for ln in members],
         "name": f"{_('Pace')} – {label(status)}", "marker": {"color": COLORS[status]}, "offsetgroup": "pace",
         "text": [pct(ln.pace) for ln in members], "textposition": "outside", "cliponaxis": False, "hoverinfo": "y+text"}
        for status, members in _by_status(lines, lambda ln: ln.status)]
    data = [
        {"type": "bar", "orientation": "h", "y": names, "x": [ln.achievement for ln in lines], "name": _("Achievement"),
         "marker": {"color": COLORS["actual"]}, "text": [pct(ln.achievement) for ln in lines], "offsetgroup": "achievement",
         "textposition": "outside", "cliponaxis": False, "hoverinfo": "y+text"},
        *pace,
    ]
    figure = {"data": data, "layout": layout(
        100 + 44 * len(lines), barmode="group", margin=names_margin(names), xaxis=value_axis(top * 1.15, ratio=True),
        yaxis=category_axis(autorange="reversed"),
    )}
    headers = ["", _("Annual target"), _("Expected to date"), _("Actual to date"), _("Achievement"), _("Pace")]
    table = [[ln.label, num(ln.target), num(ln.expected), num(ln.actual), pct(ln.achievement), pct(ln.pace)]
             for ln in lines]
    return figure, headers, table, False


def breakdown_bars(lines):
    """breakdown at a phone's width: each sector or area its name over two bars, achievement and
    pace (in its status's colour), on one scale with a mark at 100%."""
    top = max([ln.achievement or 0 for ln in lines] + [ln.pace or 0 for ln in lines] + [1])
    items = [{"name": ln.label, "achievement": pct(ln.achievement), "achievement_share": share(ln.achievement, top),
              "pace": pct(ln.pace), "pace_share": share(ln.pace, top), "status": ln.status, "status_label": label(ln.status)}
             for ln in lines]
    return {"template": "dashboards/_phone_breakdown.html", "items": items, "hundred": share(1, top),
            "hundred_label": pct(1)}


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
