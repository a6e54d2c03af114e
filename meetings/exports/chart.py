"""The one chart of the minutes: each center's pace as a horizontal bar, built on the server so
the page and the PDF show the same picture without JavaScript or image tools.

The bars are inline SVG; the names and values are HTML cells beside them, because WeasyPrint
lays SVG text out letter by letter and would print Persian names in reverse order. In the reading
direction: right to left (the PDF, Persian pages) names on the right and bars growing leftwards,
left to right (English pages) the mirror image; a dashed line at 100% of the expected pace.
"""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from payesh import display

COLOURS = {"on_track": "#1b7f3b", "slightly_behind": "#d08a00", "behind": "#b3261e", None: "#9aa3af"}
BAR_WIDTH, BAR_HEIGHT = 320, 16


def bar(pace, status, scale, rtl=True):
    length = max(1.0, pace / scale * BAR_WIDTH)
    full = BAR_WIDTH - BAR_WIDTH / scale if rtl else BAR_WIDTH / scale
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" preserveAspectRatio="none" aria-hidden="true">'
        '<rect x="{x}" y="2" width="{length}" height="{bh}" fill="{colour}"/>'
        '<line x1="{full}" y1="0" x2="{full}" y2="{h}" stroke="#1d2433" stroke-width="1" stroke-dasharray="3 2"/></svg>',
        w=BAR_WIDTH, h=BAR_HEIGHT, x=f"{BAR_WIDTH - length if rtl else 0:.1f}", length=f"{length:.1f}", bh=BAR_HEIGHT - 4,
        colour=COLOURS.get(status, COLOURS[None]), full=f"{full:.1f}",
    )


def pace_chart(center_rows, rtl=True):
    """An HTML table of bars, best pace first; empty when no center has an expected figure."""
    rows = sorted((r for r in center_rows if r["pace"] is not None), key=lambda r: -r["pace"])
    if not rows:
        return ""
    scale = max(1.25, max(r["pace"] for r in rows) * 1.05)
    body = format_html_join("", '<tr><td class="name">{}</td><td class="bar">{}</td><td class="value">{}</td></tr>', (
        (r["center_name"], bar(r["pace"], r["status"], scale, rtl), display.percent(r["pace"])) for r in rows
    ))
    return format_html(
        '<table class="pace-chart"><tbody>{}</tbody></table><p class="chart-legend">{}</p>',
        body, _("Bar: pace of the center (actual / expected to date); dashed line: exactly as expected."),
    )
