"""Building blocks of every chart: plotly figures as plain dicts, drawn by plotly.js from static
files, in the page's reading direction and digits (docs/design.md, "Reading direction in charts").

plotly.js has no Persian numerals, so every number a reader sees (ticks, bar labels, hover text)
is formatted here or by payesh.display. Axes run in the page's reading direction: on Persian pages
values grow leftwards, names sit on the right and Farvardin is on the right; on English pages the
mirror image. Each chart also returns the rows of a plain table with the same numbers.
"""

import math

from django.utils.html import format_html, format_html_join, json_script
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from payesh.display import html_text
from payesh.display import number as num
from payesh.display import percent as pct

COLORS = {"target": "#c9d6e3", "actual": "#0b5c8a", "expected": "#b3261e", "on_track": "#1b7f3b",
          "slightly_behind": "#a86a00", "behind": "#b3261e"}
FONT = {"family": "Vazirmatn, Tahoma, sans-serif", "size": 13}
# The pace heatmap's colours: red at PACE_RANGE's low end, pale at 100%, green at its high end.
PACE_SCALE = [[0, "#b3261e"], [0.4, "#f4c9a8"], [0.5, "#fff2d6"], [0.6, "#cfe9d6"], [1, "#1b7f3b"]]
PACE_RANGE = (50, 150)


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


def value_axis(top, ratio=False, room=None, **extra):
    """Values grow away from the names: leftwards on Persian pages, rightwards on English ones.
    With `room` the axis runs from 0 to top x room (labels beyond the longest bar stay inside)."""
    ends = {"autorange": "reversed" if rtl() else True}
    if room:
        ends = {"range": [top * room, 0] if rtl() else [0, top * room], "autorange": False}
    return {**ends, "gridcolor": "#e6e9ef", "zeroline": False, "automargin": True,
            "fixedrange": True, **ticks(top, ratio=ratio), **extra}


def category_axis(**extra):
    """Names on the side a reader starts from."""
    return {"side": start_side(), "automargin": True, "fixedrange": True, "ticks": "", **extra}


def month_axis(**extra):
    """Months run in reading order: Farvardin on the right in Persian, on the left in English."""
    return {"autorange": "reversed" if rtl() else True, "fixedrange": True, "automargin": True, **extra}


def pace_colours(percent):
    """(background, text) of a pace in percent on PACE_SCALE, for the HTML forms of the heatmap:
    the colour plotly gives the same value, and black or white text, whichever reads better."""
    low, high = PACE_RANGE
    at = min(1.0, max(0.0, (percent - low) / (high - low)))
    (a, start), (b, end) = next((PACE_SCALE[i], PACE_SCALE[i + 1]) for i in range(len(PACE_SCALE) - 1)
                                if at <= PACE_SCALE[i + 1][0])
    mix = [round(int(start[i:i + 2], 16) + (int(end[i:i + 2], 16) - int(start[i:i + 2], 16)) * (at - a) / (b - a))
           for i in (1, 3, 5)]
    background = "#{:02x}{:02x}{:02x}".format(*mix)
    return background, "#000" if (luminance(mix) + 0.05) ** 2 > 1.05 * 0.05 else "#fff"


def luminance(rgb):
    """WCAG's relative luminance of an (r, g, b) colour of 0-255 channels."""
    linear = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def share(value, top):
    """A value as a share of `top` for a CSS length ("42.5%", Latin digits whatever the page's
    language), at most 100%."""
    if not value or not top or top <= 0:
        return "0%"
    return f"{min(100.0, max(0.0, 100 * value / top)):.1f}%"


def bar_spec(months, series, ratio=False):
    """A small bar chart of months (commitments' phasing): each series's values with their text
    in the page's digits, the ticks, and the reading direction, for phasing-chart.js."""
    top = max([v for _name, values in series for v in values if v is not None] + [0.01 if ratio else 1])
    label = pct if ratio else num
    return {"months": months, "rtl": rtl(), "yaxis": ticks(top, ratio=ratio),
            "series": [{"name": name, "values": values, "text": [label(v) for v in values]} for name, values in series]}


def numbers_table(headers, rows):
    """The chart's numbers as the rows of a plain table (the first cell a name, the rest numbers),
    built in one pass rather than a template node per cell. A header left empty (the names'
    column) is named for screen readers, unseen."""
    named = (format_html('<span class="visually-hidden">{}</span>', _("Name")) if h == "" else h for h in headers)
    head = format_html("<thead><tr>{}</tr></thead>", format_html_join("", "<th>{}</th>", ((h,) for h in named)))
    body = "".join(f"<tr><td>{html_text(row[0])}</td>{_numbers(row[1:])}</tr>" for row in rows)
    return mark_safe(f"{head}<tbody>{body}</tbody>")


def _numbers(cells):
    return "".join(f'<td class="num">{html_text(cell)}</td>' for cell in cells)


def chart(chart_id, title, built, phone=None):
    """A chart for dashboards/_chart.html: its plotly figure, the table of its numbers, and, where
    plotly cannot be read at a phone's width, `phone`: the context of a template that shows the
    same numbers in HTML there ({"template": ..., ...})."""
    figure, headers, rows, cut = built
    return {"id": chart_id, "title": title, "figure": figure, "headers": headers, "rows": rows, "cut": cut,
            "numbers": numbers_table(headers, rows), "phone": phone,
            "script": json_script(figure, f"figure-{chart_id}")}  # the figure charts.js draws
